package insights

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/inventory"
)

// logTypes lists every store log type that has queries, with the names of its queries.
var logTypes = []struct {
	storeType, engine, logType string
	names                      []string
}{
	{inventory.TypeDBInstance, "mysql", "error", []string{"Errors", "Out of memory", "Authentication failures"}},
	{inventory.TypeDBInstance, "mariadb", "slowquery", []string{"Slowest queries", "Slow queries by user"}},
	{inventory.TypeDBInstance, "mysql", "general", []string{"Authentication failures", "Connections by user"}},
	{inventory.TypeDBInstance, "mariadb", "audit", []string{"Authentication failures", "Failed statements", "Privilege and schema changes"}},
	{inventory.TypeDBCluster, "aurora-mysql", "audit", []string{"Authentication failures", "Failed statements", "Privilege and schema changes"}},
	{inventory.TypeDBCluster, "aurora-mysql", "error", []string{"Errors", "Out of memory", "Authentication failures"}},
	{inventory.TypeDBInstance, "postgres", "postgresql", []string{"Errors", "Out of memory", "Authentication failures", "Slowest statements"}},
	{inventory.TypeDBCluster, "aurora-postgresql", "postgresql", []string{"Errors", "Out of memory", "Authentication failures", "Slowest statements"}},
	{inventory.TypeDocDBCluster, "docdb", "audit", []string{"Authentication failures", "Authorization failures", "User management"}},
	{inventory.TypeDocDBCluster, "docdb", "profiler", []string{"Slowest operations", "Slow operations by collection", "Collection scans"}},
	{inventory.TypeNeptuneCluster, "neptune", "audit", []string{"Requests by caller", "Requests without an IAM identity", "Graph mutations"}},
	{inventory.TypeRedshiftCluster, "", "connectionlog", []string{"Authentication failures", "Sessions by user"}},
	{inventory.TypeRedshiftServerlessNamespace, "", "userlog", []string{"User definition changes", "Superuser grants"}},
	{inventory.TypeRedshiftCluster, "", "useractivitylog", []string{"Statements by user", "Privilege and destructive statements"}},
	{inventory.TypeOpenSearchDomain, "", "ES_APPLICATION_LOGS", []string{"Errors", "Errors by logger", "Out of memory and circuit breakers"}},
	{inventory.TypeOpenSearchDomain, "", "SEARCH_SLOW_LOGS", []string{"Slowest operations", "Slow operations by index"}},
	{inventory.TypeOpenSearchDomain, "", "INDEX_SLOW_LOGS", []string{"Slowest operations", "Slow operations by index"}},
	{inventory.TypeOpenSearchDomain, "", "AUDIT_LOGS", []string{"Authentication failures", "Missing privileges"}},
	{inventory.TypeElastiCacheReplicationGroup, "redis", "slow-log", []string{"Slowest commands", "Slow commands by command", "Slowest commands (TEXT format)"}},
	{inventory.TypeElastiCacheCacheCluster, "valkey", "engine-log", []string{"Warnings", "Out of memory and failed saves"}},
}

func TestQueriesByLogType(t *testing.T) {
	for _, tt := range logTypes {
		t.Run(tt.storeType+"/"+tt.engine+"/"+tt.logType, func(t *testing.T) {
			var got []string
			for _, q := range Queries(tt.storeType, tt.engine, tt.logType) {
				got = append(got, q.Name)
			}
			if diff := cmp.Diff(tt.names, got); diff != "" {
				t.Errorf("Queries(%q, %q, %q) names (-want +got):\n%s", tt.storeType, tt.engine, tt.logType, diff)
			}
		})
	}
}

func TestQueriesWithoutQueries(t *testing.T) {
	tests := []struct{ storeType, engine, logType string }{
		{inventory.TypeS3Bucket, "", "access"},
		{inventory.TypeDBInstance, "oracle-ee", "alert"},
		{inventory.TypeDBInstance, "postgres", "upgrade"},
		{inventory.TypeDBInstance, "mysql", "iam-db-auth-error"},
		{inventory.TypeNeptuneCluster, "neptune", "slowquery"},
		{inventory.TypeElastiCacheReplicationGroup, "redis", "unknown"},
	}
	for _, tt := range tests {
		if got := Queries(tt.storeType, tt.engine, tt.logType); got != nil {
			t.Errorf("Queries(%q, %q, %q) = %d queries, want none", tt.storeType, tt.engine, tt.logType, len(got))
		}
	}
}

func TestQueriesAreTheCallersToKeep(t *testing.T) {
	q := Queries(inventory.TypeDBInstance, "mysql", "error")
	q[0].Query = "changed"
	if again := Queries(inventory.TypeDBInstance, "mysql", "error"); again[0].Query == "changed" {
		t.Error("a caller's change to the returned queries reached the next caller")
	}
}

// allQueries returns every query once, keyed by "family/logType/name".
func allQueries() map[string]Query {
	out := map[string]Query{}
	for _, tt := range logTypes {
		for _, q := range Queries(tt.storeType, tt.engine, tt.logType) {
			out[family(tt.storeType, tt.engine)+"/"+tt.logType+"/"+q.Name] = q
		}
	}
	return out
}

// literal is a regular expression literal of a query and the field it applies to.
type literal struct {
	command string // the command it appears in: parse or filter
	field   string // @message, a parsed field, or a JSON field
	re      *regexp.Regexp
}

// lexQuery splits a query into its commands and its regular expression literals, checking
// that quotes, backticks and slashes pair up and that each command is a Logs Insights
// command. Go's regexp accepts the (?<name>…) groups Logs Insights uses, so a literal that
// does not compile here would not work there either.
func lexQuery(t *testing.T, q string) []literal {
	t.Helper()
	known := map[string]bool{"fields": true, "filter": true, "stats": true, "sort": true, "limit": true, "parse": true, "display": true}
	var lits []literal
	for _, cmd := range splitCommands(t, q) {
		word, rest, _ := strings.Cut(strings.TrimSpace(cmd), " ")
		if !known[word] {
			t.Errorf("command %q is not a Logs Insights command", word)
		}
		for i := 0; i < len(rest); i++ {
			switch rest[i] {
			case '"', '`', '\'':
				j := strings.IndexByte(rest[i+1:], rest[i])
				if j < 0 {
					t.Fatalf("unpaired %c in %q", rest[i], cmd)
				}
				i += j + 1
			case '/':
				j := i + 1
				for ; j < len(rest) && rest[j] != '/'; j++ {
					if rest[j] == '\\' {
						j++
					}
				}
				if j >= len(rest) {
					t.Fatalf("unpaired / in %q", cmd)
				}
				re, err := regexp.Compile(rest[i+1 : j])
				if err != nil {
					t.Errorf("regexp %q does not compile: %v", rest[i+1:j], err)
				} else {
					before := strings.Fields(rest[:i])
					field := "@message"
					switch {
					case word == "parse" && len(before) > 0:
						field = before[len(before)-1]
					case len(before) >= 2 && before[len(before)-1] == "like":
						field = before[len(before)-2]
					}
					lits = append(lits, literal{command: word, field: field, re: re})
				}
				i = j
			}
		}
	}
	return lits
}

// splitCommands splits a query on the pipes that separate commands, not those inside a
// regular expression or a string.
func splitCommands(t *testing.T, q string) []string {
	t.Helper()
	var cmds []string
	start := 0
	var in byte
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case in != 0 && c == '\\':
			i++
		case in != 0 && c == in:
			in = 0
		case in != 0:
		case c == '/' || c == '"' || c == '`' || c == '\'':
			in = c
		case c == '|':
			cmds = append(cmds, q[start:i])
			start = i + 1
		}
	}
	if in != 0 {
		t.Fatalf("query ends inside %c: %q", in, q)
	}
	return append(cmds, q[start:])
}

func TestQuerySyntax(t *testing.T) {
	for key, q := range allQueries() {
		t.Run(key, func(t *testing.T) {
			lexQuery(t, q.Query)
			if strings.Contains(q.Query, "\t") || strings.HasSuffix(q.Query, "\n") {
				t.Error("query has a tab or a trailing newline")
			}
		})
	}
}

// TestQueriesMatchDocumentedFormats runs each query's regular expressions over a log line
// in the format the service documents (or a line the engine writes in that format) and
// checks what they extract: a query whose pattern drifted from the format finds nothing.
func TestQueriesMatchDocumentedFormats(t *testing.T) {
	tests := []struct {
		query  string // "family/logType/name"
		line   string
		fields map[string]string
	}{
		{"mysql/error/Errors", "2024-03-01T10:00:00.123456Z 12 [ERROR] [MY-013183] [InnoDB] Assertion failure", nil},
		{"mysql/error/Out of memory", "2024-03-01T10:00:00.123456Z 0 [ERROR] [MY-000000] [Server] Out of memory (Needed 1048576 bytes)", nil},
		{"mysql/error/Authentication failures", "2024-03-01T10:00:00.123456Z 31 [Note] [MY-010926] [Server] Access denied for user 'app'@'10.0.1.7' (using password: YES)",
			map[string]string{"user": "app", "host": "10.0.1.7"}},
		{"mysql/slowquery/Slowest queries", "# Time: 2024-03-01T10:00:00.000000Z\n# User@Host: app[app] @  [10.0.1.7]  Id:    31\n# Query_time: 12.000150  Lock_time: 0.000101 Rows_sent: 1  Rows_examined: 2000000\nSET timestamp=1709287200;\nSELECT * FROM orders;",
			map[string]string{"query_time": "12.000150", "lock_time": "0.000101", "rows_sent": "1", "rows_examined": "2000000", "user": "app"}},
		{"mysql/slowquery/Slow queries by user", "# User@Host: report[report] @  [10.0.1.8]  Id:    32\n# Query_time: 3.5  Lock_time: 0.0 Rows_sent: 1  Rows_examined: 10",
			map[string]string{"user": "report", "query_time": "3.5"}},
		{"mysql/general/Connections by user", "2024-03-01T10:00:00.000000Z\t   31 Connect\tapp@10.0.1.7 on orders using TCP/IP",
			map[string]string{"user": "app", "host": "10.0.1.7"}},
		{"mysql/audit/Authentication failures", "20240301 10:00:00,ip-10-0-0-5,app,10.0.1.7,31,0,FAILED_CONNECT,,,1045",
			map[string]string{"username": "app", "host": "10.0.1.7", "operation": "FAILED_CONNECT", "retcode": "1045"}},
		{"mysql/audit/Failed statements", "1709287200000000,ip-10-0-0-5,app,10.0.1.7,31,77,QUERY,orders,'SELECT * FROM missing, other',1146",
			map[string]string{"username": "app", "database": "orders", "object": "'SELECT * FROM missing, other'", "retcode": "1146"}},
		{"mysql/audit/Privilege and schema changes", "1709287200000000,ip-10-0-0-5,admin,10.0.1.9,40,80,QUERY_DCL,mysql,'GRANT ALL ON *.* TO x',0",
			map[string]string{"operation": "QUERY_DCL", "retcode": "0"}},
		{"postgres/postgresql/Errors", `2024-03-01 10:00:00 UTC:10.0.1.7(53214):app@orders:[4121]:ERROR:  relation "missing" does not exist`, nil},
		{"postgres/postgresql/Out of memory", "2024-03-01 10:00:00 UTC:10.0.1.7(53214):app@orders:[4121]:ERROR:  out of memory", nil},
		{"postgres/postgresql/Authentication failures", `2024-03-01 10:00:00 UTC:10.0.1.7(53214):app@orders:[4121]:FATAL:  password authentication failed for user "app"`,
			map[string]string{"client": "10.0.1.7", "user": "app", "database": "orders"}},
		{"postgres/postgresql/Slowest statements", "2024-03-01 10:00:00 UTC:10.0.1.7(53214):app@orders:[4121]:LOG:  duration: 2034.113 ms  statement: SELECT pg_sleep(2)",
			map[string]string{"duration_ms": "2034.113"}},
		{"docdb/audit/Authentication failures", `{"atype":"authenticate","ts":1709287200000,"remote_ip":"10.0.1.7:51000","user":"","param":{"user":"app","mechanism":"SCRAM-SHA-1","success":false,"message":"Authentication Failed","error":18}}`, nil},
		{"neptune/audit/Graph mutations", `1709287200000000, 10.0.1.7:51000, 10.0.0.5:8182, HTTP_POST, arn:aws:iam::111122223333:role/app, {}, {}, g.addV('person').property('name','x')`, nil},
		{"neptune/audit/Requests by caller", `1709287200000000, 10.0.1.7:51000, 10.0.0.5:8182, HTTP_POST, arn:aws:iam::111122223333:role/app, {"Authorization":"x"}, {}, g.V().count()`,
			map[string]string{"client_host": "10.0.1.7:51000", "connection_type": "HTTP_POST", "caller": "arn:aws:iam::111122223333:role/app"}},
		{"neptune/audit/Requests without an IAM identity", `1709287200000000, 10.0.1.7:51000, 10.0.0.5:8182, Websocket, , {}, {}, g.V().count()`,
			map[string]string{"client_host": "10.0.1.7:51000", "caller": ""}},
		{"redshift/connectionlog/Authentication failures", "authentication failure |Fri, 1 Mar 2024 10:00:00:000|::ffff:10.0.1.7 |53214 |4121 |dev |app |password |0| | | | | | | |",
			map[string]string{"event": "authentication failure ", "username": "app ", "authmethod": "password "}},
		{"redshift/connectionlog/Sessions by user", "initiating session |Fri, 1 Mar 2024 10:00:00:000|::ffff:10.0.1.7 |53214 |4121 |dev |app |password |0|",
			map[string]string{"dbname": "dev ", "username": "app "}},
		{"redshift/userlog/User definition changes", "100 |analyst |  |create |0 |0 |0 | |4121 |7788 |Fri, 1 Mar 2024 10:00:00:000",
			map[string]string{"username": "analyst ", "action": "create "}},
		{"redshift/userlog/Superuser grants", "101 |ops |  |alter |1 |1 |0 | |4121 |7789 |Fri, 1 Mar 2024 10:00:00:000",
			map[string]string{"action": "alter ", "usesuper": "1 "}},
		{"redshift/useractivitylog/Privilege and destructive statements", "'2024-03-01T10:00:00Z UTC [ db=dev user=app pid=4121 userid=100 xid=7788 ]' LOG: grant all on table orders to analyst;",
			map[string]string{"db": "dev", "user": "app", "statement": "grant all on table orders to analyst;"}},
		{"opensearch/ES_APPLICATION_LOGS/Errors", "[2024-03-01T10:00:00,000][ERROR][o.o.s.SearchService] [node-1] failed to execute search", nil},
		{"opensearch/ES_APPLICATION_LOGS/Errors by logger", "[2024-03-01T10:00:00,000][ERROR][o.o.s.SearchService] [node-1] failed to execute search",
			map[string]string{"level": "ERROR", "logger": "o.o.s.SearchService"}},
		{"opensearch/SEARCH_SLOW_LOGS/Slow operations by index", "[2024-03-01T10:00:00,000][WARN ][i.s.s.query] [node-1] [orders][0] took[5.2s], took_millis[5203], total_hits[10 hits], stats[], search_type[QUERY_THEN_FETCH], total_shards[5], source[{}], id[],",
			map[string]string{"index": "orders", "took_millis": "5203"}},
		{"opensearch/INDEX_SLOW_LOGS/Slow operations by index", "[2024-03-01T10:00:00,000][WARN ][i.i.s.index] [node-1] [orders/AbCdEf] took[1.1s], took_millis[1100], type[_doc], id[42], routing[], source[{}]",
			map[string]string{"index": "orders", "took_millis": "1100"}},
		{"elasticache/slow-log/Slowest commands (TEXT format)", "logslowxxxxmsxj,0001,1605631822,30,GET ... (1 more arguments),192.168.12.104:55452,logslowxxxxmsxj## ",
			map[string]string{"cluster": "logslowxxxxmsxj", "duration_us": "30", "command": "GET ... (1 more arguments)", "client": "192.168.12.104:55452"}},
		{"elasticache/engine-log/Warnings", "xxxxxxxxxxxzy-engine-log-test/0001:M 29 Oct 2020 20:12:20.499 UTC # WARNING overcommit_memory is set to 0!", nil},
		{"elasticache/engine-log/Out of memory and failed saves", "cache/0001:M 29 Oct 2020 20:12:20.499 UTC # Can't save in background: fork: Cannot allocate memory", nil},
	}
	all := allQueries()
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, ok := all[tt.query]
			if !ok {
				t.Fatalf("no query %s", tt.query)
			}
			if tt.line == "" {
				return
			}
			fields := map[string]string{"@message": tt.line}
			for _, lit := range lexQuery(t, q.Query) {
				if lit.command != "parse" || lit.field != "@message" {
					continue
				}
				m := lit.re.FindStringSubmatch(tt.line)
				if m == nil {
					t.Fatalf("parse /%s/ does not match %q", lit.re, tt.line)
				}
				for i, name := range lit.re.SubexpNames() {
					if name != "" {
						fields[name] = m[i]
					}
				}
			}
			for k, want := range tt.fields {
				if fields[k] != want {
					t.Errorf("%s = %q, want %q", k, fields[k], want)
				}
			}
			matchFilters(t, q.Query, fields)
		})
	}
}

// matchFilters checks that each filter command's regular expressions over known fields
// select the sample: all of them, or one of them when the command ORs its conditions.
func matchFilters(t *testing.T, q string, fields map[string]string) {
	t.Helper()
	for _, cmd := range splitCommands(t, q) {
		cmd = strings.TrimSpace(cmd)
		if !strings.HasPrefix(cmd, "filter ") {
			continue
		}
		var matched, judged int
		for _, lit := range lexQuery(t, cmd) {
			v, ok := fields[lit.field]
			if !ok {
				continue
			}
			judged++
			if lit.re.MatchString(v) {
				matched++
			}
		}
		switch {
		case judged == 0:
		case strings.Contains(cmd, " or ") && matched == 0:
			t.Errorf("no condition of %q selects the sample", cmd)
		case !strings.Contains(cmd, " or ") && matched < judged:
			t.Errorf("%q does not select the sample", cmd)
		}
	}
}

// TestDocumentedQueries keeps docs/logs-insights.md and the package identical: every query
// appears in the document, character for character.
func TestDocumentedQueries(t *testing.T) {
	doc, err := os.ReadFile("../../docs/logs-insights.md")
	if err != nil {
		t.Fatal(err)
	}
	for key, q := range allQueries() {
		if !strings.Contains(string(doc), "```\n"+q.Query+"\n```") {
			t.Errorf("docs/logs-insights.md lacks the query %s:\n%s", key, q.Query)
		}
	}
}
