package policies

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/inventory"
)

// cloudTrailSnapshot is an organisation seen end to end: a management account whose
// organisation trail records everything, a member with no trail of its own, an account
// outside the organisation with a poor single-Region trail whose bucket lives elsewhere,
// and an account whose trails could not be listed in one region.
func cloudTrailSnapshot() *inventory.Snapshot {
	const a, b, c, d = "111111111111", "222222222222", "333333333333", "444444444444"
	now := time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)
	ago := func(h float64) *time.Time { t := now.Add(-time.Duration(h * float64(time.Hour))); return &t }
	f, tr := false, true
	retention := 365
	meta := func(typ, id, name, account, region string) inventory.Meta {
		return inventory.Meta{ID: id, ARN: id, Type: typ, Name: name, AccountID: account, Region: region}
	}
	account := func(id, org string) inventory.Account {
		return inventory.Account{Meta: meta(inventory.TypeAccount, id, id, id, ""), OrganizationID: org, Regions: []string{"us-east-1", "eu-west-1"}}
	}
	bucket := func(name, account string) inventory.S3Bucket {
		return inventory.S3Bucket{Meta: meta(inventory.TypeS3Bucket, "arn:aws:s3:::"+name, name, account, "us-east-1"), ACLPublic: &f, PolicyPublic: &f}
	}
	cluster := func(name, account string) inventory.DBCluster {
		return inventory.DBCluster{Meta: meta(inventory.TypeDBCluster, "arn:aws:rds:us-east-1:"+account+":cluster:"+name, name, account, "us-east-1"),
			Engine: "aurora-postgresql", HTTPEndpointEnabled: true}
	}
	orgLogs := bucket("org-trail-logs", a)
	orgLogs.Logging = &inventory.BucketLogging{TargetBucket: "access-logs"}
	orgLogs.Versioning, orgLogs.MFADelete, orgLogs.ObjectLock = "Enabled", true, true
	orgLogs.PublicAccessBlock = &inventory.PublicAccessBlock{BlockPublicACLs: true, IgnorePublicACLs: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
	key := "arn:aws:kms:us-east-1:" + a + ":key/audit"
	return &inventory.Snapshot{
		CollectedAt: now,
		Accounts:    []inventory.Account{account(a, "o-1"), account(b, "o-1"), account(c, ""), account(d, "")},
		Trails: []inventory.Trail{
			{
				Meta:       meta(inventory.TypeTrail, "arn:aws:cloudtrail:us-east-1:"+a+":trail/org", "org", a, "us-east-1"),
				HomeRegion: "us-east-1", IsMultiRegion: true, IsOrganizationTrail: true, LogFileValidationEnabled: true,
				KMSKeyID: key, S3BucketName: "org-trail-logs",
				CloudWatchLogsLogGroupARN: "arn:aws:logs:us-east-1:" + a + ":log-group:/aws/cloudtrail/org:*",
				Status: &inventory.TrailStatus{IsLogging: true, LatestDeliveryTime: ago(0.2), LatestDigestDeliveryTime: ago(0.9),
					LatestCloudWatchLogsDeliveryTime: ago(0.1)},
				AdvancedEventSelectors: []inventory.AdvancedEventSelector{
					{Name: "management", FieldSelectors: []inventory.FieldSelector{{Field: "eventCategory", Equals: []string{"Management"}}}},
					{Name: "s3", FieldSelectors: []inventory.FieldSelector{{Field: "eventCategory", Equals: []string{"Data"}}, {Field: "resources.type", Equals: []string{"AWS::S3::Object"}}}},
					{Name: "dynamodb", FieldSelectors: []inventory.FieldSelector{{Field: "eventCategory", Equals: []string{"Data"}}, {Field: "resources.type", Equals: []string{"AWS::DynamoDB::Table"}}}},
				},
				InsightTypes: []string{"ApiCallRateInsight"},
			},
			{
				Meta:       meta(inventory.TypeTrail, "arn:aws:cloudtrail:us-east-1:"+c+":trail/local", "local", c, "us-east-1"),
				HomeRegion: "us-east-1", S3BucketName: "central-archive",
				Status: &inventory.TrailStatus{IsLogging: true, LatestDeliveryError: "AccessDenied", LatestDeliveryTime: ago(80)},
				EventSelectors: []inventory.EventSelector{{ReadWriteType: "All", IncludeManagementEvents: true,
					ExcludeManagementEventSources: []string{"rdsdata.amazonaws.com"}}},
			},
		},
		EventDataStores: []inventory.EventDataStore{{Meta: meta(inventory.TypeEventDataStore, "arn:aws:cloudtrail:us-east-1:"+a+":eventdatastore/lake", "lake", a, "us-east-1")}},
		LogGroups: []inventory.LogGroup{{Meta: meta(inventory.TypeLogGroup, "arn:aws:logs:us-east-1:"+a+":log-group:/aws/cloudtrail/org", "/aws/cloudtrail/org", a, "us-east-1"),
			RetentionDays: &retention, KMSKeyID: key}},
		KMSKeys:   []inventory.KMSKey{{ARN: key, AccountID: a, Region: "us-east-1", KeyManager: "CUSTOMER", KeyState: inventory.KeyStateEnabled}},
		S3Buckets: []inventory.S3Bucket{orgLogs, bucket("b-data", b)},
		DynamoDBTables: []inventory.DynamoDBTable{{Meta: meta(inventory.TypeDynamoDBTable,
			"arn:aws:dynamodb:us-east-1:"+b+":table/b-orders", "b-orders", b, "us-east-1"), PointInTimeRecovery: &tr}},
		DBClusters: []inventory.DBCluster{cluster("b-api", b), cluster("c-api", c)},
		DBInstances: []inventory.DBInstance{{Meta: meta(inventory.TypeDBInstance, "arn:aws:rds:eu-west-1:"+c+":db:c-db", "c-db", c, "eu-west-1"),
			Engine: "postgres"}},
		Errors: []inventory.CollectionError{{Source: "aws", AccountID: d, Region: "us-east-1", Service: "cloudtrail",
			Operation: "cloudtrail:DescribeTrails", Code: "AccessDenied"}},
	}
}

// TestCloudTrailRulesEndToEnd resolves a snapshot and judges it with the built-in rules:
// it catches a rule that reads a posture field under a name resolution does not write,
// which the rules' own tests, built on hand-written posture, cannot.
func TestCloudTrailRulesEndToEnd(t *testing.T) {
	ctx := context.Background()
	snap := cloudTrailSnapshot()
	inventory.Resolve(snap)
	eng, err := Load(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	findings, err := eng.Evaluate(ctx, snap)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Status{}
	for _, f := range findings {
		got[f.RuleID+" "+f.Resource.Name] = f.Status
	}
	const (
		pass, fail, unknown = StatusPass, StatusFail, StatusUnknown
		absent              = Status("")
	)
	want := map[string]Status{
		"SW-TC-02 111111111111": pass, "SW-TC-02 222222222222": pass, "SW-TC-02 333333333333": fail, "SW-TC-02 444444444444": unknown,
		"SW-TC-03 org": pass, "SW-TC-03 local": fail,
		"SW-TC-04 111111111111": pass, "SW-TC-04 222222222222": pass, "SW-TC-04 333333333333": fail,
		"SW-TC-05 org": pass, "SW-TC-05 local": fail,
		"SW-TC-06 111111111111": pass, "SW-TC-06 222222222222": pass, "SW-TC-06 333333333333": absent,
		"SW-TC-07 b-data": pass, "SW-TC-07 b-orders": pass, "SW-TC-07 c-db": fail, "SW-TC-07 c-api": pass,
		"SW-TI-01 org": pass, "SW-TI-01 local": fail,
		"SW-TI-02 org": pass, "SW-TI-02 local": fail,
		"SW-TI-03 org": pass, "SW-TI-03 local": unknown,
		"SW-TI-04 org": pass, "SW-TI-04 local": unknown,
		"SW-TI-05 org": pass, "SW-TI-05 local": unknown,
		"SW-TI-06 org": pass, "SW-TI-06 local": fail,
		"SW-TI-07 org": pass, "SW-TI-07 local": unknown,
		"SW-TI-08 lake":     fail,
		"SW-TI-09 b-orders": pass, "SW-TI-09 c-api": fail, "SW-TI-09 c-db": fail,
		"SW-DE-01 111111111111": pass, "SW-DE-01 222222222222": pass, "SW-DE-01 333333333333": fail,
		"SW-DE-02 222222222222": pass, "SW-DE-02 444444444444": unknown,
		"SW-DE-03 b-data": pass, "SW-DE-04 b-orders": pass,
		"SW-DE-05 b-api": pass, "SW-DE-05 c-api": fail,
		"SW-CWL-01 org": pass, "SW-CWL-01 local": fail,
		"SW-CWL-06 org": pass, "SW-CWL-06 local": absent,
	}
	sub := map[string]Status{}
	for k := range want {
		sub[k] = got[k]
	}
	if diff := cmp.Diff(want, sub); diff != "" {
		t.Errorf("verdicts (-want +got):\n%s", diff)
	}
	regions := map[string]Status{}
	for _, f := range findings {
		if f.RuleID == "SW-TC-01" {
			regions[f.Resource.ID] = f.Status
		}
	}
	wantRegions := map[string]Status{
		"111111111111/eu-west-1": pass, "111111111111/us-east-1": pass,
		"222222222222/eu-west-1": pass, "222222222222/us-east-1": pass,
		"333333333333/eu-west-1": fail, "333333333333/us-east-1": pass,
		"444444444444/eu-west-1": fail, "444444444444/us-east-1": unknown,
	}
	if diff := cmp.Diff(wantRegions, regions); diff != "" {
		t.Errorf("SW-TC-01 verdicts by region (-want +got):\n%s", diff)
	}
}

// TestMemberSnapshotJudgesOnlyItsAccount scans what `scanner collect` writes for a member
// account of an organisation: its DescribeTrails lists the organisation trail, which carries
// the management account's id. The trail records the member's stores, but the management
// account was not collected: no account or region finding may be about it.
func TestMemberSnapshotJudgesOnlyItsAccount(t *testing.T) {
	const mgmt, member = "111111111111", "222222222222"
	meta := func(typ, id, name, account, region string) inventory.Meta {
		return inventory.Meta{ID: id, ARN: id, Type: typ, Name: name, AccountID: account, Region: region}
	}
	trail := "arn:aws:cloudtrail:us-east-1:" + mgmt + ":trail/org"
	table := "arn:aws:dynamodb:eu-west-1:" + member + ":table/orders"
	s := &inventory.Snapshot{
		CollectedAt: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
		Accounts: []inventory.Account{{Meta: meta(inventory.TypeAccount, member, member, member, ""), OrganizationID: "o-1",
			Regions: []string{"eu-west-1"}}},
		Trails: []inventory.Trail{{
			Meta:       meta(inventory.TypeTrail, trail, "org", mgmt, "us-east-1"),
			HomeRegion: "us-east-1", IsMultiRegion: true, IsOrganizationTrail: true, LogFileValidationEnabled: true,
			ListedBy: []string{member},
			Status:   &inventory.TrailStatus{IsLogging: true},
			AdvancedEventSelectors: []inventory.AdvancedEventSelector{
				{Name: "management", FieldSelectors: []inventory.FieldSelector{{Field: "eventCategory", Equals: []string{"Management"}}}},
				{Name: "dynamodb", FieldSelectors: []inventory.FieldSelector{{Field: "eventCategory", Equals: []string{"Data"}},
					{Field: "resources.type", Equals: []string{"AWS::DynamoDB::Table"}}}},
			},
		}},
		DynamoDBTables: []inventory.DynamoDBTable{{Meta: meta(inventory.TypeDynamoDBTable, table, "orders", member, "eu-west-1")}},
	}
	got := map[string]Status{}
	for _, f := range judgeBuiltin(t, s) {
		if r := f.Resource; r.AccountID == mgmt && (r.Type == inventory.TypeRegion || r.Type == inventory.TypeAccount) {
			t.Errorf("%s %s on %s %s, an account the snapshot does not cover: %s", f.RuleID, f.Status, r.Type, r.ID, f.Message)
		}
		got[f.RuleID+" "+f.Resource.ID] = f.Status
	}
	// The organisation trail still records the member, its region and its store.
	for _, k := range []string{"SW-TC-01 " + member + "/eu-west-1", "SW-TC-02 " + member, "SW-TC-06 " + member,
		"SW-TC-07 " + table, "SW-DE-04 " + table} {
		if got[k] != StatusPass {
			t.Errorf("%s = %q, want pass through the organisation trail", k, got[k])
		}
	}
}
