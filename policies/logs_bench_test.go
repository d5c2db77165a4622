package policies

import (
	"context"
	"fmt"
	"syscall"
	"testing"

	"github.com/storewatch/storewatch/inventory"
)

// BenchmarkLogRules evaluates the built-in rules on a resolved snapshot of 100,000 MySQL
// instances, each exporting four log types into governed, archived, alarmed groups (the
// common case: everything passes), and reports the CPU time of one evaluation.
func BenchmarkLogRules(b *testing.B) {
	const acct, region = "111122223333", "us-east-1"
	s := &inventory.Snapshot{SchemaVersion: inventory.SchemaVersion, Accounts: []inventory.Account{{
		Meta: inventory.Meta{ID: acct, Type: inventory.TypeAccount, AccountID: acct}, Regions: []string{region}}}}
	types := []string{"audit", "error", "general", "slowquery"}
	for i := 0; i < 100_000; i++ {
		name := fmt.Sprintf("db-%06d", i)
		id := "arn:aws:rds:us-east-1:111122223333:db:" + name
		s.DBInstances = append(s.DBInstances, inventory.DBInstance{Meta: inventory.Meta{ID: id, Type: inventory.TypeDBInstance, ARN: id, Name: name, AccountID: acct, Region: region},
			Engine: "mysql", EnabledLogExports: types})
		for _, t := range types {
			g := "/aws/rds/instance/" + name + "/" + t
			arn := "arn:aws:logs:us-east-1:111122223333:log-group:" + g + ":*"
			lg := inventory.LogGroup{Meta: inventory.Meta{ID: arn, Type: inventory.TypeLogGroup, ARN: arn, Name: g, AccountID: acct, Region: region},
				KMSKeyID:            "arn:aws:kms:us-east-1:111122223333:key/k",
				SubscriptionFilters: []inventory.SubscriptionFilter{{Name: "archive", DestinationARN: "arn:aws:firehose:us-east-1:111122223333:deliverystream/logs"}}}
			lg.Posture.ErrorFilters = []inventory.ErrorFilterLink{{Filter: "errors", Catches: []string{"error"}, Alarmed: inventory.StatusYes}}
			s.LogGroups = append(s.LogGroups, lg)
		}
	}
	inventory.Resolve(s)
	eng, err := Load(context.Background(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var before, after syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	for i := 0; i < b.N; i++ {
		if _, err := eng.Evaluate(context.Background(), s); err != nil {
			b.Fatal(err)
		}
	}
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	cpu := float64(after.Utime.Nano()+after.Stime.Nano()-before.Utime.Nano()-before.Stime.Nano()) / 1e9
	b.ReportMetric(cpu/float64(b.N), "cpu-s/op")
}
