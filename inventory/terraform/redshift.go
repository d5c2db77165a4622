package terraform

import (
	"slices"

	"github.com/storewatch/storewatch/inventory"
)

// Redshift provisioned clusters, their audit logging (aws_redshift_logging since provider
// 5.x; the cluster's legacy logging block before) and parameter groups.

func mapRedshiftCluster(c *converter, in *instance) {
	d := &inventory.RedshiftCluster{Meta: c.meta(in, inventory.TypeRedshiftCluster)}
	r := c.reader(in, &d.Meta)
	d.NodeType = r.str("node_type", "node_type")
	// The provider defaults number_of_nodes to 1.
	d.NumberOfNodes = r.integer("number_of_nodes", 1, "number_of_nodes")
	d.Encrypted = r.boolean("encrypted", false, "encrypted")
	switch l := in.after.get("logging"); {
	case l.wholeKnown() && len(l.elems()) > 0 && r.boolean("logging", false, "logging", 0, "enable"):
		d.Logging = &inventory.RedshiftLogging{
			Enabled:         true,
			DestinationType: r.str("logging", "logging", 0, "log_destination_type"),
			BucketName:      r.str("logging", "logging", 0, "bucket_name"),
			LogExports:      r.strs("logging", "logging", 0, "log_exports"),
		}
		if d.Logging.DestinationType == "" {
			d.Logging.DestinationType = "s3"
		}
	case in.isNew || (l.wholeKnown() && l.v != nil):
		// Audit logging is off until something turns it on. (An existing cluster's refreshed
		// logging block says whether it is on.)
		d.Logging = &inventory.RedshiftLogging{Enabled: false, LogExports: []string{}}
	default:
		// Unknown until apply, or, since provider 6.0, not an attribute of the cluster at
		// all: an existing cluster's audit logging is then whatever aws_redshift_logging or
		// the console made it, which only the live account says.
		r.unknown("logging")
	}
	d.ParameterGroup, d.Parameters = dbParameters(c, r, "cluster_parameter_group_name", auditDefaults["redshift"], "aws_redshift_parameter_group")
	in.item = d
}

// mapRedshiftServerlessNamespace maps a Redshift Serverless namespace: its name and the
// logs it exports to CloudWatch Logs (log_exports; none unless configured).
func mapRedshiftServerlessNamespace(c *converter, in *instance) {
	d := &inventory.RedshiftServerlessNamespace{Meta: c.meta(in, inventory.TypeRedshiftServerlessNamespace)}
	r := c.reader(in, &d.Meta)
	d.LogExports = r.strs("log_exports", "log_exports")
	if d.LogExports == nil && !slices.Contains(d.UnknownFields, "log_exports") {
		d.LogExports = []string{}
	}
	in.item = d
}

func attachRedshiftLogging(c *converter, in *instance) {
	onTarget(c, in, "cluster_identifier", "aws_redshift_cluster", func(d *inventory.RedshiftCluster, r reader) {
		d.UnknownFields = without(d.UnknownFields, "logging")
		l := &inventory.RedshiftLogging{Enabled: true, DestinationType: r.str("logging", "log_destination_type")}
		if l.DestinationType == "" {
			l.DestinationType = "s3"
		}
		bucket := c.get(in, "bucket_name")
		switch b := c.target(bucket, "aws_s3_bucket"); {
		case bucket.known:
			l.BucketName = bucket.str()
		case b != nil && nameOf(b) != "":
			l.BucketName = nameOf(b)
		default:
			l.BucketName = r.ref("logging", "bucket_name")
		}
		l.LogExports = r.strs("logging", "log_exports")
		d.Logging = l
	})
}
