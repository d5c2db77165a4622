package reporters

import (
	"strings"

	"github.com/storewatch/storewatch/inventory"
)

// logQuery is a CloudWatch Logs Insights query a person can run on one log group.
type logQuery struct {
	// Purpose is errors, slow or auth.
	Purpose string
	Title   string
	Query   string
}

// Query purposes, in the order the report lists them.
const (
	queryErrors = "errors"
	querySlow   = "slow"
	queryAuth   = "auth"
	queryRecent = "recent"
)

// logQueries returns the Logs Insights queries that make sense for one exported log type
// of a store: errors, slow queries and authentication failures, when the log carries
// them. Every log group also gets the latest events.
//
// This table is the reporter's own until inventory/insights (Queries(storeType, engine,
// logType)) is merged; then the reporter should call that and this file goes away.
func logQueries(storeType, engine, logType string) []logQuery {
	var out []logQuery
	add := func(purpose, title, q string) { out = append(out, logQuery{purpose, title, q}) }
	lt := strings.ToLower(logType)
	family := engineFamily(storeType, engine)
	switch family + "/" + lt {
	case "mysql/error":
		add(queryErrors, "Errors", `fields @timestamp, @message
| filter @message like /\[ERROR\]/
| sort @timestamp desc
| limit 100`)
		add(queryAuth, "Authentication failures", `fields @timestamp, @message
| filter @message like /Access denied for user/
| sort @timestamp desc
| limit 100`)
	case "mysql/slowquery":
		add(querySlow, "Slowest queries", `parse @message /Query_time: (?<query_time>[0-9.]+)\s+Lock_time: (?<lock_time>[0-9.]+)\s+Rows_sent: (?<rows_sent>[0-9]+)\s+Rows_examined: (?<rows_examined>[0-9]+)/
| filter query_time > 1
| sort query_time desc
| limit 50`)
	case "mysql/audit":
		add(queryAuth, "Failed connections", `fields @timestamp, @message
| filter @message like /FAILED_CONNECT/
| sort @timestamp desc
| limit 100`)
	case "postgres/postgresql":
		add(queryErrors, "Errors", `fields @timestamp, @message
| filter @message like /(ERROR|FATAL|PANIC):/
| sort @timestamp desc
| limit 100`)
		add(querySlow, "Slowest statements (needs log_min_duration_statement)", `parse @message /duration: (?<duration_ms>[0-9.]+) ms/
| filter duration_ms > 1000
| sort duration_ms desc
| limit 50`)
		add(queryAuth, "Authentication failures", `fields @timestamp, @message
| filter @message like /password authentication failed|no pg_hba.conf entry|authentication failed for user/
| sort @timestamp desc
| limit 100`)
	case "sqlserver/error":
		add(queryErrors, "Errors", `fields @timestamp, @message
| filter @message like /Error: [0-9]+/
| sort @timestamp desc
| limit 100`)
		add(queryAuth, "Login failures", `fields @timestamp, @message
| filter @message like /Login failed for user/
| sort @timestamp desc
| limit 100`)
	case "oracle/alert":
		add(queryErrors, "ORA- errors", `fields @timestamp, @message
| filter @message like /ORA-[0-9]+/
| sort @timestamp desc
| limit 100`)
	case "oracle/audit":
		add(queryAuth, "Failed logons (ORA-01017)", `fields @timestamp, @message
| filter @message like /1017/
| sort @timestamp desc
| limit 100`)
	case "docdb/audit":
		add(queryAuth, "Authentication failures", `fields @timestamp, atype, param.user, remote_ip, result
| filter atype = "authenticate" and result != 0
| sort @timestamp desc
| limit 100`)
	case "docdb/profiler":
		add(querySlow, "Slowest operations", `fields @timestamp, millis, op, ns
| sort millis desc
| limit 50`)
	case "neptune/slowquery":
		add(querySlow, "Slow queries", `fields @timestamp, @message
| sort @timestamp desc
| limit 50`)
	case "redshift/connectionlog":
		add(queryAuth, "Authentication failures", `fields @timestamp, @message
| filter @message like /authentication failure/
| sort @timestamp desc
| limit 100`)
	case "opensearch/es_application_logs":
		add(queryErrors, "Errors", `fields @timestamp, @message
| filter @message like /\[ERROR\]/
| sort @timestamp desc
| limit 100`)
	case "opensearch/search_slow_logs", "opensearch/index_slow_logs":
		add(querySlow, "Slow operations", `parse @message /took\[(?<took>[^\]]+)\]/
| fields @timestamp, took, @message
| sort @timestamp desc
| limit 50`)
	case "opensearch/audit_logs":
		add(queryAuth, "Failed logins", `fields @timestamp, @message
| filter audit_category = "FAILED_LOGIN"
| sort @timestamp desc
| limit 100`)
	case "cache/slow-log":
		add(querySlow, "Slowest commands", "fields @timestamp, CacheClusterId, CacheNodeId, Command, ClientAddress, `Duration (us)`\n| sort `Duration (us)` desc\n| limit 50")
	case "cache/engine-log":
		add(queryErrors, "Errors and warnings", `fields @timestamp, @message
| filter @message like /(?i)(error|warning)/
| sort @timestamp desc
| limit 100`)
	}
	add(queryRecent, "Latest events", `fields @timestamp, @message
| sort @timestamp desc
| limit 100`)
	return out
}

// engineFamily groups engines whose logs look alike: Aurora MySQL and MariaDB log as
// MySQL does, Aurora PostgreSQL as PostgreSQL.
func engineFamily(storeType, engine string) string {
	e := strings.ToLower(engine)
	switch storeType {
	case inventory.TypeDocDBCluster:
		return "docdb"
	case inventory.TypeNeptuneCluster:
		return "neptune"
	case inventory.TypeRedshiftCluster, inventory.TypeRedshiftServerlessNamespace:
		return "redshift"
	case inventory.TypeOpenSearchDomain:
		return "opensearch"
	case inventory.TypeElastiCacheReplicationGroup, inventory.TypeElastiCacheCacheCluster, inventory.TypeMemoryDBCluster:
		return "cache"
	}
	switch {
	case e == "docdb":
		return "docdb"
	case e == "neptune":
		return "neptune"
	case strings.Contains(e, "mysql"), e == "mariadb":
		return "mysql"
	case strings.Contains(e, "postgres"):
		return "postgres"
	case strings.HasPrefix(e, "sqlserver"):
		return "sqlserver"
	case strings.HasPrefix(e, "oracle"):
		return "oracle"
	}
	return e
}
