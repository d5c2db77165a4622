package terraform

import (
	"github.com/storewatch/storewatch/inventory"
)

// ElastiCache replication groups (Redis OSS, Valkey) and cache clusters (Memcached, or
// Redis without a group).

func mapReplicationGroup(c *converter, in *instance) {
	e := &inventory.ElastiCacheCluster{Meta: c.meta(in, inventory.TypeElastiCacheReplicationGroup)}
	r := c.reader(in, &e.Meta)
	e.Engine = r.str("engine", "engine")
	if e.Engine == "" && !r.configured("engine") {
		// The provider defaults engine to redis.
		e.Engine = "redis"
		e.UnknownFields = without(e.UnknownFields, "engine")
	}
	e.EngineVersion = r.str("engine_version", "engine_version")
	e.NodeType = r.str("node_type", "node_type")
	// Member cluster ids are made by ElastiCache at apply; they are not guessed.
	e.Members = r.strs("members", "member_clusters")
	if v := c.get(in, "num_node_groups"); v.known {
		if n, ok := v.v.(float64); ok && n >= 1 && n <= 500 {
			e.NodeGroups = int(n)
		}
	}
	e.LogDelivery = logDelivery(c, r)
	e.NotificationTopic = r.ref("notification_topic", "notification_topic_arn")
	in.item = e
}

func mapCacheCluster(c *converter, in *instance) {
	e := &inventory.ElastiCacheCluster{Meta: c.meta(in, inventory.TypeElastiCacheCacheCluster)}
	r := c.reader(in, &e.Meta)
	e.Engine = r.str("engine", "engine")
	e.EngineVersion = r.str("engine_version", "engine_version")
	e.NodeType = r.str("node_type", "node_type")
	if v := c.get(in, "replication_group_id"); v.known || r.configured("replication_group_id") {
		e.ReplicationGroupID = r.ref("replication_group_id", "replication_group_id")
	}
	e.LogDelivery = logDelivery(c, r)
	e.NotificationTopic = r.ref("notification_topic", "notification_topic_arn")
	in.item = e
}

// logDelivery reads the log_delivery_configuration blocks (a set, joined with the
// configuration on log_type). The status is left empty: it is known only once delivery
// runs.
func logDelivery(c *converter, r reader) []inventory.ElastiCacheLogDelivery {
	blocks, ok := r.blocks("log_delivery_configuration")
	if !ok {
		r.unknown("log_delivery")
		return nil
	}
	out := make([]inventory.ElastiCacheLogDelivery, 0, len(blocks))
	for i, b := range blocks {
		lt, _ := b.get("log_type").v.(string)
		at := []any{"log_delivery_configuration", i}
		if lt != "" {
			at = []any{"log_delivery_configuration", match{attr: "log_type", value: lt}}
		}
		l := inventory.ElastiCacheLogDelivery{
			LogType:         r.str("log_delivery", append(at, "log_type")...),
			DestinationType: r.str("log_delivery", append(at, "destination_type")...),
			Format:          r.str("log_delivery", append(at, "log_format")...),
		}
		dest := c.get(r.in, append(at, "destination")...)
		switch t := c.target(dest, "aws_cloudwatch_log_group"); {
		case dest.known:
			l.Destination = dest.str()
		case t != nil && nameOf(t) != "":
			l.Destination = nameOf(t)
		default:
			l.Destination = r.ref("log_delivery", append(at, "destination")...)
		}
		out = append(out, l)
	}
	return out
}
