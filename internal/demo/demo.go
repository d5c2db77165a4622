// Package demo builds the embedded demo account: a realistic snapshot of dozens of data
// stores in two regions with a mix of good and bad monitoring, so that a new user sees
// storewatch work without an AWS account.
package demo

import (
	"time"

	"github.com/storewatch/storewatch/inventory"
)

// Account is the demo account id (AWS documentation's example account).
const Account = "123456789012"

// CollectedAt is the demo's fixed collection time, so its reports are reproducible.
var CollectedAt = time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)

// Snapshot returns a fresh copy of the demo account's raw facts (unresolved).
func Snapshot() *inventory.Snapshot {
	s := &inventory.Snapshot{
		SchemaVersion: inventory.SchemaVersion,
		Tool:          inventory.Tool{Name: "storewatch", Version: "demo"},
		CollectedAt:   CollectedAt,
		Sources:       []inventory.Source{{Kind: inventory.SourceDemo, Detail: "embedded demo account", Accounts: []string{Account}}},
		Accounts: []inventory.Account{{
			Meta:      inventory.Meta{ID: Account, Type: inventory.TypeAccount, Name: "demo-production", AccountID: Account},
			Partition: "aws",
			Regions:   []string{"eu-west-1", "us-east-1"},
		}},
	}
	b := builder{s: s}
	b.rdsInstances()
	return s
}

type builder struct{ s *inventory.Snapshot }

func meta(typ, arn, name, region string) inventory.Meta {
	return inventory.Meta{ID: arn, Type: typ, ARN: arn, Name: name, AccountID: Account, Region: region}
}

func (b *builder) rdsInstances() {
	add := func(region, name, engine string, exports ...string) {
		arn := "arn:aws:rds:" + region + ":" + Account + ":db:" + name
		b.s.DBInstances = append(b.s.DBInstances, inventory.DBInstance{
			Meta: meta(inventory.TypeDBInstance, arn, name, region), Engine: engine, Status: "available",
			EnabledLogExports: exports,
		})
	}
	add("us-east-1", "orders-db", "mysql", "audit", "error", "general", "slowquery")
	add("us-east-1", "billing-db", "postgres", "postgresql")
	add("eu-west-1", "crm-db", "mariadb")
}
