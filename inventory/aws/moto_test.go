package aws_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/storewatch/storewatch/internal/awstest"
	"github.com/storewatch/storewatch/inventory"
	swaws "github.com/storewatch/storewatch/inventory/aws"
)

func TestMotoTry(t *testing.T) {
	m := awstest.StartMoto(t)
	ctx := context.Background()
	if err := awstest.Seed(ctx, m.URL); err != nil {
		t.Fatal(err)
	}
	p, err := awstest.NewProxy(t, m.URL)
	if err != nil {
		t.Fatal(err)
	}
	p.MarkPending(awstest.PendingEndpoint)
	p.AddNamespace(awstest.RegionA, awstest.Namespace{Name: "analytics", LogExports: []string{"userlog"}})
	plan, _ := swaws.NewPlan(nil, swaws.PlanOptions{All: true})
	snap, err := swaws.Collect(ctx, swaws.Options{
		Config: awstest.Config(p.URL, awstest.RegionA), Regions: []string{awstest.RegionA, awstest.RegionB},
		Plan: plan, Redact: true, Now: func() time.Time { return time.Unix(0, 0) }, CallTimeout: 10 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	snap.Normalize()
	b, _ := json.MarshalIndent(snap, "", " ")
	_ = os.WriteFile("/tmp/swtry/snap.json", b, 0o644)
	t.Log(p.Operations())
	_ = inventory.SchemaVersion
}
