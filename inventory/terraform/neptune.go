package terraform

import "github.com/storewatch/storewatch/inventory"

// Neptune clusters. Their members (aws_neptune_cluster_instance) map as DB instances in
// rds.go; their audit switch is the neptune_enable_audit_log cluster parameter.

func mapNeptuneCluster(c *converter, in *instance) {
	d := &inventory.DBCluster{Meta: c.meta(in, inventory.TypeNeptuneCluster)}
	r := c.reader(in, &d.Meta)
	// The provider defaults engine to neptune.
	d.Engine = r.str("engine", "engine")
	if d.Engine == "" && !r.configured("engine") {
		d.Engine = "neptune"
		d.UnknownFields = without(d.UnknownFields, "engine")
	}
	d.EngineVersion = r.str("engine_version", "engine_version")
	// Neptune's argument is enable_cloudwatch_logs_exports, without the d.
	d.EnabledLogExports = r.strs("enabled_log_exports", "enable_cloudwatch_logs_exports")
	d.ParameterGroup, d.Parameters = dbParameters(c, r, "neptune_cluster_parameter_group_name", auditDefaults["neptune"], "aws_neptune_cluster_parameter_group")
	in.item = d
}
