package terraform

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/inventory"
)

// TestReplicationGroupReplicas: a new replication group's member clusters are made at
// apply, so whether it has read replicas (and needs a ReplicationLag alarm, SW-MA-01) comes
// from the configuration the plan knows; when that is unknown too, so is the requirement,
// never excused. The shapes are those of the provider's plans (testdata/terraform/05-*):
// num_cache_clusters set leaves num_node_groups and replicas_per_node_group unknown, and
// the other way round; providers before 5.0 wrote number_cache_clusters and a cluster_mode
// block.
func TestReplicationGroupReplicas(t *testing.T) {
	tests := []struct {
		name           string
		after, unknown map[string]any
		want           *int
		// lag is where the judgement puts ReplicationLag: missing, undecided or "".
		lag string
	}{
		{"primary and one replica", map[string]any{"num_cache_clusters": 2},
			map[string]any{"num_node_groups": true, "replicas_per_node_group": true}, ptr(1), "missing"},
		{"primary alone", map[string]any{"num_cache_clusters": 1},
			map[string]any{"num_node_groups": true, "replicas_per_node_group": true}, ptr(0), ""},
		{"shards with a replica each", map[string]any{"num_node_groups": 3, "replicas_per_node_group": 1},
			map[string]any{"num_cache_clusters": true}, ptr(3), "missing"},
		{"shards without replicas", map[string]any{"num_node_groups": 3, "replicas_per_node_group": 0},
			map[string]any{"num_cache_clusters": true}, ptr(0), ""},
		{"older provider, number_cache_clusters", map[string]any{"number_cache_clusters": 2},
			map[string]any{}, ptr(1), "missing"},
		{"older provider, cluster_mode block", map[string]any{"cluster_mode": []any{map[string]any{"num_node_groups": 2, "replicas_per_node_group": 1}}},
			map[string]any{"number_cache_clusters": true}, ptr(2), "missing"},
		{"existing cluster-mode group, node count computed", map[string]any{"num_node_groups": 3, "num_cache_clusters": 3},
			map[string]any{"replicas_per_node_group": true}, ptr(0), ""},
		{"existing group with a replica per shard", map[string]any{"num_node_groups": 2, "replicas_per_node_group": 1, "num_cache_clusters": 4},
			map[string]any{}, ptr(2), "missing"},
		{"replica counts unknown until apply", map[string]any{},
			map[string]any{"num_cache_clusters": true, "num_node_groups": true, "replicas_per_node_group": true}, nil, "undecided"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			after := map[string]any{"replication_group_id": "sessions", "description": "sessions", "engine": "redis",
				"node_type": "cache.t4g.small", "log_delivery_configuration": []any{}}
			for k, v := range tt.after {
				after[k] = v
			}
			unknown := map[string]any{"arn": true, "id": true, "member_clusters": true}
			for k, v := range tt.unknown {
				unknown[k] = v
			}
			s := convertPlan(t, planJSON(t, []change{created("aws_elasticache_replication_group.sessions", after, unknown)}, nil), nil).Snapshot
			inventory.Resolve(s)
			if len(s.ElastiCacheClusters) != 1 {
				t.Fatalf("elasticache clusters = %d, want 1", len(s.ElastiCacheClusters))
			}
			e := s.ElastiCacheClusters[0]
			if d := cmp.Diff(tt.want, e.Replicas); d != "" {
				t.Errorf("replicas (-want +got):\n%s", d)
			}
			if got, want := slices.Contains(e.UnknownFields, "replicas"), tt.want == nil; got != want {
				t.Errorf("unknown fields %v name replicas: %t, want %t", e.UnknownFields, got, want)
			}
			r := e.Posture.RecommendedAlarms
			if r == nil {
				t.Fatal("no recommended-alarm judgement")
			}
			lag := ""
			switch {
			case slices.Contains(r.Missing, "ReplicationLag"):
				lag = "missing"
			case slices.Contains(r.Undecided, "ReplicationLag"):
				lag = "undecided"
			}
			if lag != tt.lag {
				t.Errorf("ReplicationLag is %q (missing %v, undecided %v), want %q", lag, r.Missing, r.Undecided, tt.lag)
			}
		})
	}
}
