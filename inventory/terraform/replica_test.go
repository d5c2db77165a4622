package terraform

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/storewatch/storewatch/inventory"
)

// TestTableReplicaResource: an aws_dynamodb_table_replica makes its table a global table
// with a replica in the replica's provider Region (SW-MA-01 then requires
// ReplicationLatency); a destroyed one leaves the table's replica Regions, which the
// refreshed replica block still lists.
func TestTableReplicaResource(t *testing.T) {
	const arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders"
	table := map[string]any{"name": "orders", "arn": arn, "billing_mode": "PAY_PER_REQUEST", "replica": []any{}}
	existing := map[string]any{"name": "orders", "arn": arn, "billing_mode": "PAY_PER_REQUEST",
		"replica": []any{map[string]any{"region_name": "us-east-1"}}}
	replicaRes := map[string]any{"address": "aws_dynamodb_table_replica.us", "mode": "managed", "type": "aws_dynamodb_table_replica",
		"name": "us", "provider_config_key": "aws.us", "expressions": map[string]any{
			"global_table_arn": map[string]any{"references": []any{"aws_dynamodb_table.orders.arn", "aws_dynamodb_table.orders"}}}}
	tableRes := map[string]any{"address": "aws_dynamodb_table.orders", "mode": "managed", "type": "aws_dynamodb_table",
		"name": "orders", "provider_config_key": "aws", "expressions": map[string]any{}}
	tests := []struct {
		name    string
		changes []change
		want    []string
	}{
		{"new table, new replica", []change{
			created("aws_dynamodb_table.orders", map[string]any{"name": "orders", "billing_mode": "PAY_PER_REQUEST", "replica": []any{}},
				map[string]any{"arn": true, "id": true}),
			created("aws_dynamodb_table_replica.us", map[string]any{}, map[string]any{"global_table_arn": true, "arn": true, "id": true}),
		}, []string{"us-east-1"}},
		{"existing table, new replica", []change{
			withActions("aws_dynamodb_table.orders", []string{"no-op"}, table, table, nil),
			created("aws_dynamodb_table_replica.us", map[string]any{"global_table_arn": arn}, map[string]any{"arn": true, "id": true}),
		}, []string{"us-east-1"}},
		{"replica destroyed", []change{
			withActions("aws_dynamodb_table.orders", []string{"no-op"}, existing, existing, nil),
			deleted("aws_dynamodb_table_replica.us", map[string]any{"global_table_arn": arn, "arn": "arn:aws:dynamodb:us-east-1:123456789012:table/orders"}),
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var doc map[string]any
			if err := json.Unmarshal(planJSON(t, tt.changes, map[string]any{"resources": []any{tableRes, replicaRes}}), &doc); err != nil {
				t.Fatal(err)
			}
			doc["configuration"].(map[string]any)["provider_config"].(map[string]any)["aws.us"] = map[string]any{
				"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws", "alias": "us",
				"expressions": map[string]any{"region": map[string]any{"constant_value": "us-east-1"}}}
			plan, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			s := convertPlan(t, plan, nil).Snapshot
			var got *inventory.DynamoDBTable
			for i := range s.DynamoDBTables {
				if s.DynamoDBTables[i].ID == "aws_dynamodb_table.orders" {
					got = &s.DynamoDBTables[i]
				}
			}
			if got == nil {
				t.Fatalf("no table in %+v", s.DynamoDBTables)
			}
			if diff := cmp.Diff(tt.want, got.ReplicaRegions, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("replica regions (-want +got):\n%s", diff)
			}
		})
	}
}
