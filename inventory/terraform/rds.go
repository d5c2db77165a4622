package terraform

import (
	"maps"
	"strings"

	"github.com/storewatch/storewatch/inventory"
)

// RDS DB instances, clusters and cluster instances, with the parameter and option groups
// they read. DocumentDB and Neptune live in docdb.go and neptune.go.

func mapDBInstance(c *converter, in *instance) {
	d := &inventory.DBInstance{Meta: c.meta(in, inventory.TypeDBInstance)}
	r := c.reader(in, &d.Meta)
	d.Engine = r.str("engine", "engine")
	d.EngineVersion = r.str("engine_version", "engine_version")
	d.ReplicaSourceID = r.ref("replica_source_id", "replicate_source_db")
	src := c.target(c.get(in, "replicate_source_db"), "aws_db_instance")
	if src != nil && d.Engine == "" {
		// A read replica runs its source's engine; the provider learns it only after
		// apply, but the source instance in the same plan says it.
		if e := src.after.get("engine"); e.wholeKnown() {
			d.Engine, _ = e.v.(string)
			d.UnknownFields = without(d.UnknownFields, "engine")
			if v := src.after.get("engine_version"); v.wholeKnown() {
				d.EngineVersion, _ = v.v.(string)
				d.UnknownFields = without(d.UnknownFields, "engine_version")
			}
		}
	}
	d.InstanceClass = r.str("instance_class", "instance_class")
	d.Status = r.str("status", "status")
	d.AllocatedStorage = r.integer("allocated_storage", 0, "allocated_storage")
	d.MultiAZ = r.boolOrNew("multi_az", false, "multi_az")
	d.EnabledLogExports = r.strs("enabled_log_exports", "enabled_cloudwatch_logs_exports")
	// The provider defaults monitoring_interval to 0 (Enhanced Monitoring off).
	d.MonitoringInterval = r.intPtr("monitoring_interval", "monitoring_interval")
	d.MonitoringRoleARN = monitoringRole(r, d.MonitoringInterval)
	insights(r, "performance_insights_enabled", "performance_insights_retention_period", &d.PerformanceInsightsEnabled, &d.PerformanceInsightsKMSKeyID, &d.PerformanceInsightsRetention)
	d.DatabaseInsightsMode = r.strIfPresent("database_insights_mode", "database_insights_mode")
	// A read replica created in its source's Region without a parameter or option group
	// takes its source's (CreateDBInstanceReadReplica), not the engine's default ones.
	params, options := r, r
	if src != nil && in.isNew && src.region == in.region {
		if !r.configured("parameter_group_name") {
			params = c.reader(src, &d.Meta)
		}
		if !r.configured("option_group_name") {
			options = c.reader(src, &d.Meta)
		}
	}
	d.ParameterGroup, d.Parameters = dbParameters(c, params, "parameter_group_name", nil, "aws_db_parameter_group")
	d.OptionGroups, d.Options = dbOptions(c, options)
	in.item = d
}

// mapClusterInstance maps a member of an Aurora cluster (aws_rds_cluster_instance) and the
// DocumentDB and Neptune equivalents: a DBInstance whose ClusterID names its cluster.
func mapClusterInstance(c *converter, in *instance) {
	d := &inventory.DBInstance{Meta: c.meta(in, inventory.TypeDBInstance)}
	r := c.reader(in, &d.Meta)
	cluster := c.target(c.get(in, "cluster_identifier"), "aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster")
	switch {
	case cluster != nil && nameOf(cluster) != "":
		d.ClusterID = nameOf(cluster)
	case cluster != nil:
		d.ClusterID = cluster.address
	default:
		d.ClusterID = r.ref("cluster_id", "cluster_identifier")
	}
	d.Engine = r.str("engine", "engine")
	if d.Engine == "" && cluster != nil {
		// Members run their cluster's engine.
		if e, ok := cluster.after.get("engine").v.(string); ok && cluster.after.get("engine").wholeKnown() {
			d.Engine = e
			d.UnknownFields = without(d.UnknownFields, "engine")
		}
	}
	switch in.rc.Type {
	case "aws_docdb_cluster_instance":
		d.Engine = "docdb"
		d.UnknownFields = without(d.UnknownFields, "engine")
	case "aws_neptune_cluster_instance":
		d.Engine = "neptune"
		d.UnknownFields = without(d.UnknownFields, "engine")
	}
	d.EngineVersion = r.str("engine_version", "engine_version")
	if d.EngineVersion == "" && cluster != nil && !r.configured("engine_version") {
		// Members run their cluster's engine version.
		if v, ok := cluster.after.get("engine_version").v.(string); ok && cluster.after.get("engine_version").wholeKnown() {
			d.EngineVersion = v
			d.UnknownFields = without(d.UnknownFields, "engine_version")
		}
	}
	d.InstanceClass = r.str("instance_class", "instance_class")
	d.Status = r.str("status", "status")
	if in.rc.Type == "aws_rds_cluster_instance" {
		d.MonitoringInterval = r.intPtr("monitoring_interval", "monitoring_interval")
		d.MonitoringRoleARN = monitoringRole(r, d.MonitoringInterval)
		insights(r, "performance_insights_enabled", "performance_insights_retention_period", &d.PerformanceInsightsEnabled, &d.PerformanceInsightsKMSKeyID, &d.PerformanceInsightsRetention)
		d.ParameterGroup, d.Parameters = dbParameters(c, r, "db_parameter_group_name", nil, "aws_db_parameter_group")
	} else {
		// DocumentDB and Neptune members have no Enhanced Monitoring settings, and their
		// audit settings are cluster-level. A DocumentDB member sets Performance Insights
		// (enable_performance_insights and its key; the resource has no retention setting,
		// so the free 7 days); Neptune has none.
		d.Parameters = map[string]string{}
		switch in.rc.Type {
		case "aws_neptune_cluster_instance":
			d.ParameterGroup = r.str("parameter_group", "neptune_parameter_group_name")
		case "aws_docdb_cluster_instance":
			insights(r, "enable_performance_insights", "", &d.PerformanceInsightsEnabled, &d.PerformanceInsightsKMSKeyID, &d.PerformanceInsightsRetention)
		}
	}
	in.item = d
}

func mapDBCluster(c *converter, in *instance) {
	d := &inventory.DBCluster{Meta: c.meta(in, inventory.TypeDBCluster)}
	r := c.reader(in, &d.Meta)
	d.Engine = r.str("engine", "engine")
	d.EngineVersion = r.str("engine_version", "engine_version")
	d.EngineMode = r.str("engine_mode", "engine_mode")
	d.EnabledLogExports = r.strs("enabled_log_exports", "enabled_cloudwatch_logs_exports")
	d.ParameterGroup, d.Parameters = dbParameters(c, r, "db_cluster_parameter_group_name", auditDefaults[d.Engine], "aws_rds_cluster_parameter_group")
	// Multi-AZ DB clusters (db_cluster_instance_class set) carry their own monitoring
	// settings; Aurora clusters leave them to their instances.
	if v := c.get(in, "monitoring_interval"); v.known && v.v != nil {
		d.MonitoringInterval = r.intPtr("monitoring_interval", "monitoring_interval")
	}
	if v := c.get(in, "performance_insights_enabled"); v.known && v.v != nil {
		d.PerformanceInsightsEnabled = r.boolPtr("performance_insights_enabled", "performance_insights_enabled")
	}
	// The RDS Data API is off unless enable_http_endpoint is set.
	d.HTTPEndpointEnabled = r.boolOrNew("http_endpoint_enabled", false, "enable_http_endpoint")
	in.item = d
}

// clusterMembers fills the members of every cluster from the cluster instances that name
// it, which the plan knows before the cluster's own cluster_members attribute is.
func clusterMembers(c *converter, in *instance) {
	d, ok := in.item.(*inventory.DBInstance)
	if !ok || d.ClusterID == "" {
		return
	}
	if c.clusters == nil {
		c.clusters = map[string]*inventory.DBCluster{}
		for _, x := range c.instances {
			if cl, ok := x.item.(*inventory.DBCluster); ok {
				c.clusters[cl.ID] = cl
				if cl.Name != "" {
					c.clusters[cl.AccountID+"|"+cl.Region+"|"+cl.Name] = cl
				}
			}
		}
	}
	cl := c.clusters[d.ClusterID]
	if cl == nil {
		cl = c.clusters[d.AccountID+"|"+d.Region+"|"+d.ClusterID]
	}
	if cl == nil {
		return
	}
	member := d.Name
	if member == "" {
		member = d.ID
	}
	cl.Members = append(cl.Members, member)
}

// monitoringRole is the Enhanced Monitoring role; it matters only when monitoring is on.
func monitoringRole(r reader, interval *int) string {
	v := r.c.get(r.in, "monitoring_role_arn")
	if !v.known && (interval != nil && *interval == 0) {
		return ""
	}
	return r.ref("monitoring_role_arn", "monitoring_role_arn")
}

// insights reads the Performance Insights settings, switched by enabledAttr. RDS leaves
// Performance Insights off unless asked, keeps its data 7 days unless told otherwise (in
// retentionAttr; a resource without one keeps 7), and encrypts it with the account's AWS
// managed key aws/rds when no key is given.
func insights(r reader, enabledAttr, retentionAttr string, enabled **bool, key *string, retention *int) {
	*enabled = r.boolPtrOrNew("performance_insights_enabled", false, enabledAttr)
	if *enabled == nil && r.in.isNew {
		// An attribute without a provider default is null when the configuration leaves it
		// out (DocumentDB's enable_performance_insights): AWS's default applies.
		if v := r.c.get(r.in, enabledAttr); v.known && v.v == nil {
			off := false
			*enabled = &off
		}
	}
	on := *enabled != nil && **enabled
	if !on && *enabled != nil {
		return
	}
	if v := r.c.get(r.in, "performance_insights_kms_key_id"); !v.known && v.ref == "" && r.in.isNew && !r.configured("performance_insights_kms_key_id") {
		*key = "alias/aws/rds"
	} else {
		*key = r.ref("performance_insights_kms_key_id", "performance_insights_kms_key_id")
	}
	if retentionAttr == "" {
		*retention = 7
		return
	}
	if v := r.c.get(r.in, retentionAttr); !v.known && r.in.isNew && !r.configured(retentionAttr) {
		*retention = 7
	} else {
		*retention = r.integer("performance_insights_retention", 0, retentionAttr)
	}
}

func (r reader) boolPtrOrNew(field string, newDefault bool, path ...any) *bool {
	v := r.c.get(r.in, path...)
	if !v.known && r.in.isNew && !r.configured(path...) {
		return &newDefault
	}
	return r.boolPtr(field, path...)
}

// strIfPresent reads an attribute that older provider versions do not have: absent, it is
// empty rather than unknown.
func (r reader) strIfPresent(field string, path ...any) string {
	if n := r.in.after.path(path); n.v == nil && !n.unknown() {
		return ""
	}
	return r.str(field, path...)
}

// auditDefaults are the engine defaults of the cluster-level audit switches the rules read,
// which hold in a default parameter group and wherever a custom group leaves them unset.
var auditDefaults = map[string]map[string]string{
	// Aurora MySQL Advanced Auditing is OFF by default (AuroraMySQL.Auditing).
	"aurora-mysql": {"server_audit_logging": "0"},
	"aurora":       {"server_audit_logging": "0"},
	// DocumentDB auditing is disabled by default.
	"docdb": {"audit_logs": "disabled"},
	// Neptune audit logging is off by default.
	"neptune": {"neptune_enable_audit_log": "0"},
	// Redshift user activity logging is off by default.
	"redshift": {"enable_user_activity_logging": "false"},
}

// dbParameters resolves a store's parameter group: its name, and the parameters it holds
// (declared ones over the engine's audit defaults). A group that is neither a default
// group nor in the plan cannot be read from the plan: the parameters are then nil and
// "parameters" is unknown.
func dbParameters(c *converter, r reader, attr string, defaults map[string]string, groupTypes ...string) (string, map[string]string) {
	v := c.get(r.in, attr)
	name := ""
	switch {
	case v.known:
		name = v.str()
	case !r.configured(attr) && r.in.isNew:
		// No group given: RDS attaches the engine's default group.
		r.unknown("parameter_group")
		return "", withDefaults(defaults)
	}
	if g := c.target(v, groupTypes...); g != nil {
		if name == "" {
			name = nameOf(g)
			if name == "" {
				name = g.address
			}
		}
		params, ok := groupParameters(c, g)
		if !ok {
			r.unknown("parameters")
			return name, nil
		}
		out := withDefaults(defaults)
		maps.Copy(out, params)
		return name, out
	}
	if !v.known {
		r.unknown("parameter_group")
		r.unknown("parameters")
		return "", nil
	}
	if name == "" || strings.HasPrefix(name, "default.") || strings.HasPrefix(name, "default:") {
		return name, withDefaults(defaults)
	}
	r.unknown("parameters")
	return name, nil
}

func withDefaults(defaults map[string]string) map[string]string {
	out := map[string]string{}
	maps.Copy(out, defaults)
	return out
}

// groupParameters reads the parameter blocks of a parameter group in the plan.
func groupParameters(c *converter, g *instance) (map[string]string, bool) {
	n := g.after.get("parameter")
	if n.unknown() {
		return nil, false
	}
	out := map[string]string{}
	for i := range n.elems() {
		name := c.get(g, "parameter", i, "name")
		value := c.get(g, "parameter", i, "value")
		if !name.known || !value.known {
			return nil, false
		}
		out[name.str()] = value.str()
	}
	return out, true
}

// dbOptions resolves an instance's option group and the options it enables. RDS gives a new
// instance without one the engine's default option group, which has no options.
func dbOptions(c *converter, r reader) ([]string, []string) {
	v := c.get(r.in, "option_group_name")
	if g := c.target(v, "aws_db_option_group"); g != nil {
		var opts []string
		if g.after.get("option").unknown() {
			r.unknown("options")
		}
		for i := range g.after.get("option").elems() {
			o := c.get(g, "option", i, "option_name")
			if !o.known {
				r.unknown("options")
				continue
			}
			opts = append(opts, o.str())
		}
		name := nameOf(g)
		if name == "" {
			name = g.address
		}
		return []string{name}, opts
	}
	switch {
	case v.known && v.str() != "":
		if strings.HasPrefix(v.str(), "default:") {
			return []string{v.str()}, []string{}
		}
		r.unknown("options")
		return []string{v.str()}, nil
	case !v.known && r.in.isNew && !r.configured("option_group_name"):
		r.unknown("option_groups")
		return nil, []string{}
	case !v.known:
		r.unknown("option_groups")
		r.unknown("options")
	}
	return nil, nil
}

func without(list []string, s string) []string {
	out := list[:0]
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
