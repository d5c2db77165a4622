package terraform

import (
	"slices"
	"strings"

	"github.com/storewatch/storewatch/inventory"
)

// DynamoDB tables, Contributor Insights and Application Auto Scaling targets.

func mapDynamoDBTable(c *converter, in *instance) {
	t := &inventory.DynamoDBTable{Meta: c.meta(in, inventory.TypeDynamoDBTable)}
	r := c.reader(in, &t.Meta)
	// The provider defaults billing_mode to PROVISIONED.
	t.BillingMode = r.str("billing_mode", "billing_mode")
	if t.BillingMode == "" {
		t.BillingMode = "PROVISIONED"
	}
	if t.BillingMode == "PROVISIONED" {
		t.ReadCapacity = r.integer("read_capacity", 0, "read_capacity")
		t.WriteCapacity = r.integer("write_capacity", 0, "write_capacity")
	}
	for i := range r.each("global_indexes", "global_secondary_index") {
		if s := r.str("global_indexes", "global_secondary_index", i, "name"); s != "" {
			t.GlobalIndexes = append(t.GlobalIndexes, s)
		}
	}
	for i := range r.each("replica_regions", "replica") {
		if s := r.str("replica_regions", "replica", i, "region_name"); s != "" {
			t.ReplicaRegions = append(t.ReplicaRegions, s)
		}
	}
	t.StreamEnabled = r.boolean("stream_enabled", false, "stream_enabled")
	t.PointInTimeRecovery = pointInTimeRecovery(r)
	if in.isNew {
		// Contributor Insights and auto scaling are separate resources: a new table has
		// them only if this plan creates them.
		t.ContributorInsights = "DISABLED"
		t.AutoScaling = []string{}
	} else {
		r.unknown("contributor_insights")
		r.unknown("auto_scaling")
	}
	in.item = t
}

// pointInTimeRecovery reads the point_in_time_recovery block; DynamoDB leaves it off when
// the block is absent.
func pointInTimeRecovery(r reader) *bool {
	n := r.in.after.get("point_in_time_recovery")
	if n.unknown() {
		if r.in.isNew && !r.configured("point_in_time_recovery") {
			off := false
			return &off
		}
		r.unknown("point_in_time_recovery")
		return nil
	}
	if len(n.elems()) == 0 {
		off := false
		return &off
	}
	return r.boolPtr("point_in_time_recovery", "point_in_time_recovery", 0, "enabled")
}

// attachContributorInsights marks a table's (not an index's) Contributor Insights on.
func attachContributorInsights(c *converter, in *instance) {
	if idx := c.get(in, "index_name"); !idx.known || idx.v != nil {
		return
	}
	onTarget(c, in, "table_name", "aws_dynamodb_table", func(t *inventory.DynamoDBTable, _ reader) {
		t.ContributorInsights = "ENABLED"
		t.UnknownFields = without(t.UnknownFields, "contributor_insights")
	})
}

// attachScalingTarget records a DynamoDB scalable dimension (table/NAME or
// table/NAME/index/INDEX) on its table.
func attachScalingTarget(c *converter, in *instance) {
	if ns := c.get(in, "service_namespace"); !ns.known || ns.str() != "dynamodb" {
		return
	}
	res := c.get(in, "resource_id")
	dim := c.get(in, "scalable_dimension")
	if !res.known || !dim.known {
		return
	}
	parts := strings.Split(res.str(), "/")
	if len(parts) < 2 || parts[0] != "table" {
		return
	}
	if x := c.identity["aws_dynamodb_table"][parts[1]]; x != nil && x.account == in.account && x.region == in.region {
		if t, ok := x.item.(*inventory.DynamoDBTable); ok && t.Name == parts[1] {
			t.AutoScaling = append(t.AutoScaling, dim.str())
		}
	}
}

// attachTableReplica adds the Region of an aws_dynamodb_table_replica (its provider's) to
// the replica Regions of the table its global_table_arn names: the table is a global table,
// as if its own replica block listed the Region.
func attachTableReplica(c *converter, in *instance) {
	onTarget(c, in, "global_table_arn", "aws_dynamodb_table", func(t *inventory.DynamoDBTable, _ reader) {
		if in.region != "" && in.region != UnknownRegion && !slices.Contains(t.ReplicaRegions, in.region) {
			t.ReplicaRegions = append(t.ReplicaRegions, in.region)
		}
	})
}

// detachTableReplica: a destroyed replica leaves the table, whose replica block (computed
// from the last refresh) still lists its Region.
func detachTableReplica(c *converter, in *instance) {
	onTarget(c, in, "global_table_arn", "aws_dynamodb_table", func(t *inventory.DynamoDBTable, _ reader) {
		t.ReplicaRegions = slices.DeleteFunc(t.ReplicaRegions, func(r string) bool { return r == in.region })
	})
}
