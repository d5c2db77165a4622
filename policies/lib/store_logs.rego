# METADATA
# title: Store log exports
# description: |
#   Helpers for the rules that judge where data stores' exported logs land: which snapshot
#   collections hold stores that export logs, and each store's links into CloudWatch Logs.
package storewatch.lib.store_logs

# collections are the snapshot collections whose stores can export logs to CloudWatch Logs.
collections := {
	"db_instances",
	"db_clusters",
	"redshift_clusters",
	"redshift_serverless_namespaces",
	"elasticache_clusters",
	"opensearch_domains",
}

# cloudwatch pairs each store of the batch with each log type it sends to CloudWatch Logs,
# once per batch for every log rule, rather than each rule body walking every store's logs.
cloudwatch := [[s, l] |
	some name in collections
	some s in input[name]
	some l in s.posture.logs
	l.destination == "cloudwatch-logs"
]

# group_name names a link's log group in a message.
group_name(l) := l.log_group if l.log_group != ""

else := "its log group"

# group_undecided says why a link's group cannot be judged; call it only for a link whose
# group was not found "yes" or "no".
group_undecided(l) := sprintf("%s: the log group was not resolved", [l.type]) if l.group == null

else := sprintf("%s: whether %s exists could not be established: %s", [l.type, group_name(l), l.group.reason]) if l.group.reason != ""

else := sprintf("%s: whether %s exists could not be established", [l.type, group_name(l)])
