package terraform

import (
	"slices"

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
	if n, ok := count(c, in, 1, "num_node_groups"); ok {
		e.NodeGroups = n
	} else if n, ok := count(c, in, 1, "cluster_mode", 0, "num_node_groups"); ok {
		e.NodeGroups = n
	}
	e.Replicas = replicas(c, in, e.NodeGroups)
	if e.Replicas == nil && slices.Contains(e.UnknownFields, "members") {
		r.unknown("replicas")
	}
	e.LogDelivery = logDelivery(c, r)
	e.NotificationTopic = r.ref("notification_topic", "notification_topic_arn")
	in.item = e
}

// replicas reads a replication group's read replicas from its configuration, which the plan
// knows before the member clusters: num_node_groups shards have replicas_per_node_group
// each (cluster mode enabled); num_cache_clusters nodes are a primary per shard and its
// replicas (cluster mode disabled: one shard; an existing group in cluster mode has its
// num_cache_clusters computed as every node of every shard). Providers before 5.0 spell
// them a cluster_mode block and number_cache_clusters. Nil when the plan leaves them
// unknown.
func replicas(c *converter, in *instance, shards int) *int {
	for _, at := range [][]any{{}, {"cluster_mode", 0}} {
		per, ok := count(c, in, 0, append(at, "replicas_per_node_group")...)
		if !ok {
			continue
		}
		if per == 0 {
			return &per
		}
		if ng, ok := count(c, in, 1, append(at, "num_node_groups")...); ok {
			n := ng * per
			return &n
		}
	}
	for _, attr := range []string{"num_cache_clusters", "number_cache_clusters"} {
		if n, ok := count(c, in, 1, attr); ok && n >= max(shards, 1) {
			n -= max(shards, 1)
			return &n
		}
	}
	return nil
}

// count reads a known whole number of at least least at path.
func count(c *converter, in *instance, least int, path ...any) (int, bool) {
	v := c.get(in, path...)
	if !v.known {
		return 0, false
	}
	n, ok := v.v.(float64)
	if !ok || n < float64(least) || n > 500 || n != float64(int(n)) {
		return 0, false
	}
	return int(n), true
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
