package terraform

import "github.com/storewatch/storewatch/inventory"

// DocumentDB clusters. Their members (aws_docdb_cluster_instance) map as DB instances in
// rds.go; their audit switch is the audit_logs cluster parameter.

func mapDocDBCluster(c *converter, in *instance) {
	d := &inventory.DBCluster{Meta: c.meta(in, inventory.TypeDocDBCluster)}
	r := c.reader(in, &d.Meta)
	// The provider defaults engine to docdb.
	d.Engine = r.str("engine", "engine")
	if d.Engine == "" && !r.configured("engine") {
		d.Engine = "docdb"
		d.UnknownFields = without(d.UnknownFields, "engine")
	}
	d.EngineVersion = r.str("engine_version", "engine_version")
	d.EnabledLogExports = r.strs("enabled_log_exports", "enabled_cloudwatch_logs_exports")
	d.ParameterGroup, d.Parameters = dbParameters(c, r, "db_cluster_parameter_group_name", auditDefaults["docdb"], "aws_docdb_cluster_parameter_group")
	in.item = d
}
