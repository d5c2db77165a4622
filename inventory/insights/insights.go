// Package insights holds ready-to-run CloudWatch Logs Insights queries for the logs data
// stores export to CloudWatch Logs: for each store type and log type, the queries that find
// errors, slow queries and authentication failures in that log's format. Reports show them
// next to a store's log groups, so the person reading a finding can look at the evidence
// the next minute.
//
// docs/logs-insights.md documents every query and the log format it parses; a test keeps
// the two identical.
package insights

import (
	"strings"

	"github.com/storewatch/storewatch/inventory"
)

// Query is one Logs Insights query, to be run against the log group of one log type.
type Query struct {
	// Name says what the query finds, for example "Authentication failures".
	Name string
	// Query is the query text, ready to paste into the Logs Insights console or to pass
	// to aws logs start-query.
	Query string
}

// Log families: stores whose logs share a format share queries.
const (
	familyMySQL       = "mysql"
	familyPostgres    = "postgres"
	familyDocDB       = "docdb"
	familyNeptune     = "neptune"
	familyRedshift    = "redshift"
	familyOpenSearch  = "opensearch"
	familyElastiCache = "elasticache"
)

// Queries returns the queries for one log type of one store: storeType is the store's
// resource type (inventory.TypeDBInstance...), engine the engine name the API reports
// (mysql, aurora-postgresql, docdb...; empty where the service has one engine) and logType
// the log type as the store's log links name it (error, slowquery, AUDIT_LOGS, slow-log...).
// It returns nil for a log type without queries. The slice is the caller's to keep.
func Queries(storeType, engine, logType string) []Query {
	return queriesFor(family(storeType, engine), logType)
}

// family maps a store to the log format family of its engine.
func family(storeType, engine string) string {
	engine = strings.ToLower(engine)
	switch storeType {
	case inventory.TypeDBInstance, inventory.TypeDBCluster, inventory.TypeDocDBCluster, inventory.TypeNeptuneCluster:
		switch {
		case engine == "docdb" || storeType == inventory.TypeDocDBCluster:
			return familyDocDB
		case engine == "neptune" || storeType == inventory.TypeNeptuneCluster:
			return familyNeptune
		case engine == "mysql", engine == "mariadb", engine == "aurora", strings.HasPrefix(engine, "aurora-mysql"):
			return familyMySQL
		case engine == "postgres", strings.HasPrefix(engine, "aurora-postgresql"):
			return familyPostgres
		}
	case inventory.TypeRedshiftCluster, inventory.TypeRedshiftServerlessNamespace:
		return familyRedshift
	case inventory.TypeOpenSearchDomain:
		return familyOpenSearch
	case inventory.TypeElastiCacheReplicationGroup, inventory.TypeElastiCacheCacheCluster:
		return familyElastiCache
	}
	return ""
}

// queriesFor builds the queries of a family's log type. They are built on each call, so
// no caller can change another's.
func queriesFor(fam, logType string) []Query {
	switch fam {
	case familyMySQL:
		return mysqlQueries(logType)
	case familyPostgres:
		if logType == "postgresql" {
			return postgresQueries()
		}
	case familyDocDB:
		return docdbQueries(logType)
	case familyNeptune:
		if logType == "audit" {
			return neptuneQueries()
		}
	case familyRedshift:
		return redshiftQueries(logType)
	case familyOpenSearch:
		return openSearchQueries(logType)
	case familyElastiCache:
		return elastiCacheQueries(logType)
	}
	return nil
}

// The MySQL/MariaDB audit record (MariaDB Audit Plugin on RDS, Advanced Auditing on Aurora):
// timestamp,serverhost,username,host,connectionid,queryid,operation,database,object,retcode.
// The object (the statement) may hold commas, so it takes everything up to the last field.
const mysqlAuditFields = `^(?<ts>[^,]*),(?<serverhost>[^,]*),(?<username>[^,]*),(?<host>[^,]*),(?<connectionid>[^,]*),(?<queryid>[^,]*),`

const mysqlAccessDenied = `filter @message like /Access denied for user/
| parse @message /Access denied for user '(?<user>[^']*)'@'(?<host>[^']*)'/
| stats count(*) as failures by user, host
| sort failures desc`

func mysqlQueries(logType string) []Query {
	switch logType {
	case "error":
		return []Query{
			{"Errors", `fields @timestamp, @logStream, @message
| filter @message like /\[ERROR\]/
| sort @timestamp desc
| limit 100`},
			{"Out of memory", `fields @timestamp, @logStream, @message
| filter @message like /(?i)out of memory|cannot allocate memory/
| sort @timestamp desc
| limit 100`},
			{"Authentication failures", mysqlAccessDenied},
		}
	case "slowquery":
		return []Query{
			{"Slowest queries", `parse @message /Query_time: (?<query_time>[\d.]+)\s+Lock_time: (?<lock_time>[\d.]+)\s+Rows_sent: (?<rows_sent>\d+)\s+Rows_examined: (?<rows_examined>\d+)/
| parse @message /# User@Host: (?<user>[^\[\s]+)/
| filter ispresent(query_time)
| fields @timestamp, @logStream, user, query_time, lock_time, rows_examined, @message
| sort query_time desc
| limit 50`},
			{"Slow queries by user", `parse @message /# User@Host: (?<user>[^\[\s]+)/
| parse @message /Query_time: (?<query_time>[\d.]+)/
| filter ispresent(query_time)
| stats count(*) as queries, avg(query_time) as avg_seconds, max(query_time) as max_seconds by user
| sort max_seconds desc`},
		}
	case "general":
		return []Query{
			{"Authentication failures", mysqlAccessDenied},
			{"Connections by user", `parse @message /\sConnect\s+(?<user>[^@\s]+)@(?<host>\S+)/
| filter ispresent(user)
| stats count(*) as connections by user, host
| sort connections desc`},
		}
	case "audit":
		return []Query{
			{"Authentication failures", `parse @message /` + mysqlAuditFields + `(?<operation>FAILED_CONNECT|CONNECT),(?<database>[^,]*),(?<object>.*),(?<retcode>[1-9]\d*)$/
| filter ispresent(retcode)
| stats count(*) as failures by username, host, retcode
| sort failures desc`},
			{"Failed statements", `parse @message /` + mysqlAuditFields + `(?<operation>QUERY[A-Z_]*),(?<database>[^,]*),(?<object>.*),(?<retcode>[1-9]\d*)$/
| filter ispresent(retcode)
| stats count(*) as failures by username, database, retcode
| sort failures desc`},
			{"Privilege and schema changes", `parse @message /` + mysqlAuditFields + `(?<operation>QUERY_DCL|QUERY_DDL),(?<database>[^,]*),(?<object>.*),(?<retcode>\d+)$/
| filter ispresent(operation)
| fields @timestamp, username, host, operation, database, object, retcode
| sort @timestamp desc
| limit 100`},
		}
	}
	return nil
}

func postgresQueries() []Query {
	return []Query{
		{"Errors", `fields @timestamp, @logStream, @message
| filter @message like /:(ERROR|FATAL|PANIC):/
| sort @timestamp desc
| limit 100`},
		{"Out of memory", `fields @timestamp, @logStream, @message
| filter @message like /(?i)out of memory/
| sort @timestamp desc
| limit 100`},
		{"Authentication failures", `filter @message like /FATAL:\s+(password authentication failed|PAM authentication failed|no pg_hba\.conf entry|role "[^"]*" does not exist)/
| parse @message /UTC:(?<client>[^(:]*)(?:\(\d*\))?:(?<user>[^@]*)@(?<database>[^:]*):/
| stats count(*) as failures by user, client
| sort failures desc`},
		{"Slowest statements", `parse @message /duration: (?<duration_ms>[\d.]+) ms/
| filter ispresent(duration_ms)
| fields @timestamp, @logStream, duration_ms, @message
| sort duration_ms desc
| limit 50`},
	}
}

func docdbQueries(logType string) []Query {
	switch logType {
	case "audit":
		return []Query{
			{"Authentication failures", `filter atype = "authenticate" and @message like /"success"\s*:\s*false/
| stats count(*) as failures by param.user, remote_ip
| sort failures desc`},
			{"Authorization failures", `filter atype = "authCheck"
| stats count(*) as denied by user, param.command, param.ns
| sort denied desc`},
			{"User management", `filter atype in ["createUser", "dropUser", "updateUser"]
| fields @timestamp, atype, user, remote_ip, param.user
| sort @timestamp desc
| limit 100`},
		}
	case "profiler":
		return []Query{
			{"Slowest operations", `filter ispresent(millis)
| fields @timestamp, @logStream, op, ns, millis, planSummary, user, client
| sort millis desc
| limit 50`},
			{"Slow operations by collection", `filter ispresent(millis)
| stats count(*) as operations, avg(millis) as avg_ms, max(millis) as max_ms by ns, op
| sort max_ms desc`},
			{"Collection scans", `filter planSummary = "COLLSCAN"
| stats count(*) as scans, max(millis) as max_ms by ns
| sort scans desc`},
		}
	}
	return nil
}

// The Neptune audit record starts with Timestamp, ClientHost, ServerHost, ConnectionType and
// the caller's IAM ARN; the auth context, headers and payload that follow may hold commas.
const neptuneAuditFields = `^(?<ts>\d+),\s*(?<client_host>[^,]*),\s*(?<server_host>[^,]*),\s*(?<connection_type>[^,]*),\s*(?<caller>[^,]*),`

func neptuneQueries() []Query {
	return []Query{
		{"Requests by caller", `parse @message /` + neptuneAuditFields + `/
| stats count(*) as requests by caller, client_host
| sort requests desc`},
		{"Requests without an IAM identity", `parse @message /` + neptuneAuditFields + `/
| filter ispresent(ts) and isblank(caller)
| stats count(*) as requests by client_host, connection_type
| sort requests desc`},
		{"Graph mutations", `fields @timestamp, @logStream, @message
| filter @message like /(?i)addV\(|addE\(|\.drop\(\)|INSERT DATA|DELETE DATA|DELETE WHERE|DETACH DELETE|CREATE \(|MERGE \(/
| sort @timestamp desc
| limit 100`},
	}
}

// Redshift writes its audit logs pipe-delimited, fields padded with spaces.
const (
	redshiftConnectionFields = `^(?<event>[^|]*)\|(?<recordtime>[^|]*)\|(?<remotehost>[^|]*)\|(?<remoteport>[^|]*)\|(?<pid>[^|]*)\|(?<dbname>[^|]*)\|(?<username>[^|]*)\|(?<authmethod>[^|]*)\|`
	redshiftUserFields       = `^(?<userid>[^|]*)\|(?<username>[^|]*)\|(?<oldusername>[^|]*)\|(?<action>[^|]*)\|(?<usecreatedb>[^|]*)\|(?<usesuper>[^|]*)\|`
	redshiftActivityFields   = `\[ db=(?<db>\S*) user=(?<user>\S*) pid=(?<pid>\d+) userid=(?<userid>\d+) xid=(?<xid>\d+) \]' LOG: (?<statement>.*)`
)

func redshiftQueries(logType string) []Query {
	switch logType {
	case "connectionlog":
		return []Query{
			{"Authentication failures", `parse @message /` + redshiftConnectionFields + `/
| filter event like /^\s*authentication failure/
| stats count(*) as failures by username, remotehost, authmethod
| sort failures desc`},
			{"Sessions by user", `parse @message /` + redshiftConnectionFields + `/
| filter event like /^\s*initiating session/
| stats count(*) as sessions by username, dbname, remotehost
| sort sessions desc`},
		}
	case "userlog":
		return []Query{
			{"User definition changes", `parse @message /` + redshiftUserFields + `/
| filter ispresent(action)
| fields @timestamp, username, oldusername, action, usesuper, usecreatedb
| sort @timestamp desc
| limit 100`},
			{"Superuser grants", `parse @message /` + redshiftUserFields + `/
| filter usesuper like /^\s*(1|t)/ and action like /(?i)create|alter/
| fields @timestamp, username, action, usesuper
| sort @timestamp desc`},
		}
	case "useractivitylog":
		return []Query{
			{"Statements by user", `parse @message /` + redshiftActivityFields + `/
| filter ispresent(user)
| stats count(*) as statements by user, db
| sort statements desc`},
			{"Privilege and destructive statements", `parse @message /` + redshiftActivityFields + `/
| filter statement like /(?i)^\s*(grant|revoke|create user|alter user|drop user|drop table|truncate|unload)/
| fields @timestamp, user, db, statement
| sort @timestamp desc
| limit 100`},
		}
	}
	return nil
}

func openSearchQueries(logType string) []Query {
	switch logType {
	case "ES_APPLICATION_LOGS":
		return []Query{
			{"Errors", `fields @timestamp, @logStream, @message
| filter @message like /\]\[(ERROR|FATAL)\s*\]/
| sort @timestamp desc
| limit 100`},
			{"Errors by logger", `parse @message /\]\[(?<level>[A-Z]+)\s*\]\[(?<logger>[^\]]+)\]/
| filter level = "ERROR" or level = "FATAL"
| stats count(*) as errors by logger
| sort errors desc`},
			{"Out of memory and circuit breakers", `fields @timestamp, @logStream, @message
| filter @message like /OutOfMemoryError|CircuitBreakingException|circuit_breaking_exception/
| sort @timestamp desc
| limit 100`},
		}
	case "SEARCH_SLOW_LOGS", "INDEX_SLOW_LOGS":
		return []Query{
			{"Slowest operations", `parse @message /took_millis\[(?<took_millis>\d+)\]/
| filter ispresent(took_millis)
| fields @timestamp, @logStream, took_millis, @message
| sort took_millis desc
| limit 50`},
			{"Slow operations by index", `parse @message /\[(?<index>[^\[\]\/]+)(?:\/[^\]]*)?\](?:\[\d+\])? took\[[^\]]*\], took_millis\[(?<took_millis>\d+)\]/
| filter ispresent(took_millis)
| stats count(*) as operations, avg(took_millis) as avg_ms, max(took_millis) as max_ms by index
| sort max_ms desc`},
		}
	case "AUDIT_LOGS":
		return []Query{
			{"Authentication failures", `filter audit_category = "FAILED_LOGIN"
| stats count(*) as failures by audit_request_effective_user, audit_request_remote_address
| sort failures desc`},
			{"Missing privileges", `filter audit_category = "MISSING_PRIVILEGES"
| stats count(*) as denied by audit_request_effective_user, audit_request_privilege
| sort denied desc`},
		}
	}
	return nil
}

func elastiCacheQueries(logType string) []Query {
	switch logType {
	case "slow-log":
		return []Query{
			{"Slowest commands", "fields @timestamp, CacheClusterId, CacheNodeId, `Duration (us)` as duration_us, Command, ClientAddress\n" +
				"| filter ispresent(`Duration (us)`)\n" +
				"| sort duration_us desc\n" +
				"| limit 50"},
			{"Slow commands by command", "parse Command /^(?<verb>\\S+)/\n" +
				"| filter ispresent(`Duration (us)`)\n" +
				"| stats count(*) as calls, avg(`Duration (us)`) as avg_us, max(`Duration (us)`) as max_us by verb\n" +
				"| sort max_us desc"},
			{"Slowest commands (TEXT format)", `parse @message /^(?<cluster>[^,]*),(?<node>[^,]*),(?<ts>\d+),(?<duration_us>\d+),(?<command>.*),(?<client>[^,]*),(?<client_name>[^,]*)$/
| filter ispresent(duration_us)
| fields @timestamp, cluster, node, duration_us, command, client
| sort duration_us desc
| limit 50`},
		}
	case "engine-log":
		return []Query{
			{"Warnings", `fields @timestamp, @logStream, @message
| filter LogLevel = "WARNING" or @message like / UTC # /
| sort @timestamp desc
| limit 100`},
			{"Out of memory and failed saves", `fields @timestamp, @logStream, @message
| filter @message like /(?i)out of memory|cannot allocate memory|background saving error|MISCONF/ or @message like /OOM/
| sort @timestamp desc
| limit 100`},
		}
	}
	return nil
}
