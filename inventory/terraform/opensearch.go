package terraform

import (
	"github.com/storewatch/storewatch/inventory"
)

// OpenSearch Service domains (aws_opensearch_domain) and legacy Elasticsearch domains
// (aws_elasticsearch_domain), which share the attributes storewatch reads.

func mapOpenSearchDomain(c *converter, in *instance) {
	d := &inventory.OpenSearchDomain{Meta: c.meta(in, inventory.TypeOpenSearchDomain)}
	r := c.reader(in, &d.Meta)
	if in.rc.Type == "aws_opensearch_domain" {
		d.EngineVersion = r.str("engine_version", "engine_version")
	} else {
		d.EngineVersion = r.str("engine_version", "elasticsearch_version")
	}
	if cc, ok := r.blocks("cluster_config"); ok && len(cc) > 0 {
		// The provider defaults instance_count to 1.
		d.InstanceCount = r.integer("instance_count", 1, "cluster_config", 0, "instance_count")
		d.DedicatedMasterEnabled = r.boolean("dedicated_master_enabled", false, "cluster_config", 0, "dedicated_master_enabled")
	} else if ok {
		d.InstanceCount = 1
	}
	// Fine-grained access control is off unless its block enables it.
	if aso := in.after.get("advanced_security_options"); aso.unknown() && in.isNew && !r.configured("advanced_security_options") {
		d.AdvancedSecurityEnabled = false
	} else if aso.wholeKnown() && len(aso.elems()) == 0 {
		d.AdvancedSecurityEnabled = false
	} else {
		d.AdvancedSecurityEnabled = r.boolean("advanced_security_enabled", false, "advanced_security_options", 0, "enabled")
	}
	blocks, ok := r.blocks("log_publishing_options")
	if !ok {
		r.unknown("log_publishing")
	}
	for i, b := range blocks {
		lt, _ := b.get("log_type").v.(string)
		at := []any{"log_publishing_options", i}
		if lt != "" {
			at = []any{"log_publishing_options", match{attr: "log_type", value: lt}}
		}
		p := inventory.OpenSearchLogPublishing{
			LogType: r.str("log_publishing", append(at, "log_type")...),
			// The provider defaults enabled to true.
			Enabled: r.boolean("log_publishing", true, append(at, "enabled")...),
		}
		arn := c.get(in, append(at, "cloudwatch_log_group_arn")...)
		if p.LogGroupARN = c.logGroupARN(arn); p.LogGroupARN == "" && p.Enabled {
			p.LogGroupARN = r.ref("log_publishing", append(at, "cloudwatch_log_group_arn")...)
		}
		d.LogPublishing = append(d.LogPublishing, p)
	}
	in.item = d
}
