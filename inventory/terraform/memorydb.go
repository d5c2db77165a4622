package terraform

import (
	"github.com/storewatch/storewatch/inventory"
)

// MemoryDB clusters.

func mapMemoryDBCluster(c *converter, in *instance) {
	d := &inventory.MemoryDBCluster{Meta: c.meta(in, inventory.TypeMemoryDBCluster)}
	r := c.reader(in, &d.Meta)
	d.NodeType = r.str("node_type", "node_type")
	d.EngineVersion = r.str("engine_version", "engine_version")
	// The provider defaults num_shards to 1.
	d.NumShards = r.integer("num_shards", 1, "num_shards")
	if g := c.target(c.get(in, "parameter_group_name"), "aws_memorydb_parameter_group"); g != nil && nameOf(g) != "" {
		d.ParameterGroup = nameOf(g)
	} else {
		d.ParameterGroup = r.ref("parameter_group", "parameter_group_name")
	}
	d.SNSTopicARN = r.ref("sns_topic_arn", "sns_topic_arn")
	in.item = d
}
