package inventory

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

const (
	mgmtAcct   = "111111111111"
	memberAcct = "222222222222"
	otherAcct  = "333333333333"
)

var collectedAt = time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)

// goodTrail is a trail that passes everything: multi-Region, logging, validated, KMS,
// all management events. Cases change what they test.
func goodTrail(name string, mods ...func(*Trail)) Trail {
	arn := "arn:aws:cloudtrail:us-east-1:" + mgmtAcct + ":trail/" + name
	t := Trail{
		Meta:                     Meta{ID: arn, ARN: arn, Type: TypeTrail, Name: name, AccountID: mgmtAcct, Region: "us-east-1"},
		HomeRegion:               "us-east-1",
		IsMultiRegion:            true,
		LogFileValidationEnabled: true,
		KMSKeyID:                 "arn:aws:kms:us-east-1:" + mgmtAcct + ":key/k1",
		S3BucketName:             "trail-logs",
		Status:                   &TrailStatus{IsLogging: true},
		EventSelectors:           []EventSelector{{ReadWriteType: "All", IncludeManagementEvents: true}},
	}
	for _, m := range mods {
		m(&t)
	}
	return t
}

func inAccount(account string) func(*Trail) {
	return func(t *Trail) {
		t.AccountID = account
		t.ID = strings.Replace(t.ID, mgmtAcct, account, 1)
		t.ARN = t.ID
	}
}

func singleRegion(region string) func(*Trail) {
	return func(t *Trail) { t.IsMultiRegion, t.HomeRegion, t.Region = false, region, region }
}

func notLogging(t *Trail) { t.Status.IsLogging = false }

func basic(sel ...EventSelector) func(*Trail) {
	return func(t *Trail) { t.EventSelectors, t.AdvancedEventSelectors = sel, nil }
}

func advanced(sel ...AdvancedEventSelector) func(*Trail) {
	return func(t *Trail) { t.EventSelectors, t.AdvancedEventSelectors = nil, sel }
}

func adv(fs ...FieldSelector) AdvancedEventSelector { return AdvancedEventSelector{FieldSelectors: fs} }

func eq(field string, v ...string) FieldSelector { return FieldSelector{Field: field, Equals: v} }

var (
	mgmtCat = eq("eventCategory", "Management")
	dataCat = eq("eventCategory", "Data")
	s3Obj   = eq("resources.type", "AWS::S3::Object")
)

func account(id, org string) Account {
	return Account{Meta: Meta{ID: id, Type: TypeAccount, Name: id, AccountID: id}, OrganizationID: org, Regions: []string{"us-east-1", "eu-west-1"}}
}

func bucket(name, account, region string) S3Bucket {
	return S3Bucket{Meta: Meta{ID: "arn:aws:s3:::" + name, ARN: "arn:aws:s3:::" + name, Type: TypeS3Bucket, Name: name, AccountID: account, Region: region}}
}

func table(name, account, region string) DynamoDBTable {
	arn := "arn:aws:dynamodb:" + region + ":" + account + ":table/" + name
	return DynamoDBTable{Meta: Meta{ID: arn, ARN: arn, Type: TypeDynamoDBTable, Name: name, AccountID: account, Region: region}}
}

func cluster(name string, dataAPI bool) DBCluster {
	arn := "arn:aws:rds:us-east-1:" + mgmtAcct + ":cluster:" + name
	return DBCluster{Meta: Meta{ID: arn, ARN: arn, Type: TypeDBCluster, Name: name, AccountID: mgmtAcct, Region: "us-east-1"},
		Engine: "aurora-postgresql", HTTPEndpointEnabled: dataAPI}
}

func instance(name, region string) DBInstance {
	arn := "arn:aws:rds:" + region + ":" + mgmtAcct + ":db:" + name
	return DBInstance{Meta: Meta{ID: arn, ARN: arn, Type: TypeDBInstance, Name: name, AccountID: mgmtAcct, Region: region}, Engine: "postgres"}
}

func errOn(op string) CollectionError {
	return CollectionError{Source: SourceAWS, Service: strings.Split(op, ":")[0], Operation: op, Code: "AccessDenied"}
}

// statuses flattens the posture the trail resolution writes into "kind:name:field" keys,
// with a "/reason" key beside every coverage that is not yes.
func statuses(s *Snapshot) map[string]string {
	out := map[string]string{}
	cov := func(key string, c Coverage) {
		out[key] = c.Status
		if c.Status == StatusYes {
			out[key+"/by"] = strings.Join(c.By, ",")
		} else {
			out[key+"/reason"] = c.Reason
		}
	}
	for _, a := range s.Accounts {
		k := "account:" + a.ID + ":"
		cov(k+"multi_region_trail", a.Posture.MultiRegionTrail)
		cov(k+"security_trail", a.Posture.SecurityTrail)
		cov(k+"s3_read", a.Posture.S3DataEvents.Read)
		cov(k+"s3_write", a.Posture.S3DataEvents.Write)
		out[k+"org"] = strings.Join(a.Posture.CoveredByOrganizationTrail, ",")
	}
	for _, r := range s.Regions {
		k := "region:" + r.ID + ":"
		out[k+"trail_status"] = r.Posture.TrailStatus
		out[k+"logging_trails"] = strings.Join(r.Posture.LoggingTrails, ",")
		cov(k+"management_events", r.Posture.ManagementEvents)
	}
	for _, t := range s.Trails {
		k := "trail:" + t.Name + ":"
		out[k+"logging"] = t.Posture.Logging
		out[k+"management_events"] = t.Posture.ManagementEvents
		out[k+"excluded"] = strings.Join(t.Posture.ExcludedEventSources, ",")
		out[k+"filters"] = strings.Join(t.Posture.ManagementEventsFilters, ",")
	}
	store := func(name string, p *StorePosture) {
		k := "store:" + name + ":"
		cov(k+"management_events", p.ManagementEvents)
		cov(k+"integrity", p.IntegrityValidated)
		if p.DataEvents == nil {
			out[k+"data"] = "nil"
			return
		}
		cov(k+"data_read", p.DataEvents.Read)
		cov(k+"data_write", p.DataEvents.Write)
	}
	for i := range s.S3Buckets {
		store(s.S3Buckets[i].Name, &s.S3Buckets[i].Posture)
	}
	for i := range s.DynamoDBTables {
		store(s.DynamoDBTables[i].Name, &s.DynamoDBTables[i].Posture)
	}
	for i := range s.DBClusters {
		store(s.DBClusters[i].Name, &s.DBClusters[i].Posture)
	}
	for i := range s.DBInstances {
		store(s.DBInstances[i].Name, &s.DBInstances[i].Posture)
	}
	return out
}

func TestResolveTrailCoverage(t *testing.T) {
	trailID := func(account, name string) string {
		return "arn:aws:cloudtrail:us-east-1:" + account + ":trail/" + name
	}
	main := trailID(mgmtAcct, "main")
	tests := []struct {
		name string
		snap Snapshot
		// want holds exact values; wantReason substrings of the "/reason" keys.
		want       map[string]string
		wantReason map[string]string
	}{
		{
			name: "good multi-Region trail covers every region and store",
			snap: Snapshot{
				Accounts:    []Account{account(mgmtAcct, "")},
				Trails:      []Trail{goodTrail("main")},
				DBInstances: []DBInstance{instance("orders", "eu-west-1")},
			},
			want: map[string]string{
				"account:" + mgmtAcct + ":multi_region_trail":    "yes",
				"account:" + mgmtAcct + ":multi_region_trail/by": main,
				"account:" + mgmtAcct + ":security_trail":        "yes",
				"region:" + mgmtAcct + "/eu-west-1:trail_status": "yes",
				"region:" + mgmtAcct + "/us-east-1:trail_status": "yes",
				"store:orders:management_events":                 "yes",
				"store:orders:integrity":                         "yes",
				"store:orders:data":                              "nil",
				"trail:main:management_events":                   "all",
				"trail:main:logging":                             "yes",
			},
		},
		{
			name: "a single-Region trail records only its region and does not satisfy the account",
			snap: Snapshot{
				Accounts:    []Account{account(mgmtAcct, "")},
				Trails:      []Trail{goodTrail("local", singleRegion("us-east-1"))},
				DBInstances: []DBInstance{instance("orders", "eu-west-1"), instance("billing", "us-east-1")},
			},
			want: map[string]string{
				"account:" + mgmtAcct + ":multi_region_trail":    "no",
				"account:" + mgmtAcct + ":security_trail":        "no",
				"region:" + mgmtAcct + "/us-east-1:trail_status": "yes",
				"region:" + mgmtAcct + "/eu-west-1:trail_status": "no",
				"store:billing:management_events":                "yes",
				"store:orders:management_events":                 "no",
				"store:orders:integrity":                         "no",
			},
			wantReason: map[string]string{
				"account:" + mgmtAcct + ":multi_region_trail/reason": "trail local records only us-east-1",
			},
		},
		{
			name: "a trail that is not logging does not count",
			snap: Snapshot{
				Accounts:    []Account{account(mgmtAcct, "")},
				Trails:      []Trail{goodTrail("main", notLogging)},
				DBInstances: []DBInstance{instance("orders", "us-east-1")},
			},
			want: map[string]string{
				"account:" + mgmtAcct + ":multi_region_trail":    "no",
				"region:" + mgmtAcct + "/us-east-1:trail_status": "no",
				"store:orders:management_events":                 "no",
				"trail:main:logging":                             "no",
			},
			wantReason: map[string]string{
				"store:orders:management_events/reason": "trail main is not logging",
			},
		},
		{
			name: "an organisation trail of the management account covers a member account",
			snap: Snapshot{
				Accounts: []Account{account(mgmtAcct, "o-1"), account(memberAcct, "o-1"), account(otherAcct, "o-2")},
				Trails:   []Trail{goodTrail("org", func(t *Trail) { t.IsOrganizationTrail = true })},
				DBInstances: []DBInstance{func() DBInstance {
					d := instance("member-db", "eu-west-1")
					d.AccountID = memberAcct
					return d
				}()},
			},
			want: map[string]string{
				"account:" + memberAcct + ":multi_region_trail": "yes",
				"account:" + memberAcct + ":org":                trailID(mgmtAcct, "org"),
				"account:" + mgmtAcct + ":multi_region_trail":   "yes",
				"account:" + mgmtAcct + ":org":                  "",
				"account:" + otherAcct + ":multi_region_trail":  "no",
				"account:" + otherAcct + ":org":                 "",
				"store:member-db:management_events":             "yes",
			},
		},
		{
			name: "an organisation trail owned outside a one-account snapshot covers it",
			snap: Snapshot{
				Accounts: []Account{account(memberAcct, "")},
				Trails:   []Trail{goodTrail("org", func(t *Trail) { t.IsOrganizationTrail = true })},
			},
			want: map[string]string{
				"account:" + memberAcct + ":multi_region_trail": "yes",
				"account:" + memberAcct + ":org":                trailID(mgmtAcct, "org"),
			},
		},
		{
			name: "an organisation trail listed by a member covers that member only",
			snap: Snapshot{
				Accounts: []Account{account(memberAcct, ""), account(otherAcct, "")},
				Trails: []Trail{goodTrail("org", func(t *Trail) {
					t.IsOrganizationTrail = true
					t.ListedBy = []string{memberAcct}
				})},
			},
			want: map[string]string{
				"account:" + memberAcct + ":multi_region_trail": "yes",
				"account:" + otherAcct + ":multi_region_trail":  "no",
			},
		},
		{
			name: "a trail of another account that is not an organisation trail covers nothing here",
			snap: Snapshot{
				Accounts: []Account{account(mgmtAcct, "o-1"), account(memberAcct, "o-1")},
				Trails:   []Trail{goodTrail("main")},
			},
			want: map[string]string{
				"account:" + memberAcct + ":multi_region_trail": "no",
			},
		},
		{
			name: "two trails together record read and write management events",
			snap: Snapshot{
				Accounts: []Account{account(mgmtAcct, "")},
				Trails: []Trail{
					goodTrail("reads", basic(EventSelector{ReadWriteType: "ReadOnly", IncludeManagementEvents: true})),
					goodTrail("writes", advanced(adv(mgmtCat, eq("readOnly", "false")))),
				},
				DBInstances: []DBInstance{instance("orders", "us-east-1")},
			},
			want: map[string]string{
				"account:" + mgmtAcct + ":multi_region_trail":    "yes",
				"account:" + mgmtAcct + ":multi_region_trail/by": trailID(mgmtAcct, "reads") + "," + trailID(mgmtAcct, "writes"),
				"account:" + mgmtAcct + ":security_trail":        "no",
				"store:orders:management_events":                 "yes",
				"trail:reads:management_events":                  "read",
				"trail:writes:management_events":                 "write",
			},
		},
		{
			name: "read-only management events alone are not enough",
			snap: Snapshot{
				Accounts: []Account{account(mgmtAcct, "")},
				Trails:   []Trail{goodTrail("reads", advanced(adv(mgmtCat, eq("readOnly", "true"))))},
			},
			want: map[string]string{
				"account:" + mgmtAcct + ":multi_region_trail":         "no",
				"region:" + mgmtAcct + "/us-east-1:management_events": "no",
			},
			wantReason: map[string]string{
				"account:" + mgmtAcct + ":multi_region_trail/reason": "only read-only management events are recorded",
			},
		},
		{
			name: "an unknown trail status is unknown, unless another trail says yes",
			snap: Snapshot{
				Accounts: []Account{account(mgmtAcct, ""), account(memberAcct, "")},
				Trails: []Trail{
					goodTrail("unread", func(t *Trail) {
						t.Status = nil
						t.Errors = []CollectionError{errOn(opGetTrailStatus)}
					}),
					goodTrail("member-unread", inAccount(memberAcct), func(t *Trail) { t.Status = nil }),
					goodTrail("member-good", inAccount(memberAcct)),
				},
			},
			want: map[string]string{
				"account:" + mgmtAcct + ":multi_region_trail":    "unknown",
				"account:" + memberAcct + ":multi_region_trail":  "yes",
				"region:" + mgmtAcct + "/us-east-1:trail_status": "unknown",
				"trail:unread:logging":                           "unknown",
			},
			wantReason: map[string]string{
				"account:" + mgmtAcct + ":multi_region_trail/reason": "the status of trail unread was not collected (cloudtrail:GetTrailStatus: AccessDenied)",
			},
		},
		{
			name: "event selectors that were not collected make coverage unknown",
			snap: Snapshot{
				Accounts: []Account{account(mgmtAcct, "")},
				Trails: []Trail{goodTrail("main", basic(), func(t *Trail) {
					t.Errors = []CollectionError{errOn(opGetEventSelectors)}
				})},
				S3Buckets: []S3Bucket{bucket("data", mgmtAcct, "us-east-1")},
			},
			want: map[string]string{
				"account:" + mgmtAcct + ":multi_region_trail": "unknown",
				"account:" + mgmtAcct + ":s3_read":            "unknown",
				"store:data:management_events":                "unknown",
				"store:data:data_write":                       "unknown",
				"store:data:integrity":                        "unknown",
				"trail:main:management_events":                "unknown",
			},
		},
		{
			name: "a failed listing in one region is unknown there, but a multi-Region trail still covers it",
			snap: Snapshot{
				Accounts: []Account{account(mgmtAcct, ""), account(memberAcct, "")},
				Trails:   []Trail{goodTrail("main")},
				Errors: []CollectionError{
					{Service: "cloudtrail", Operation: opDescribeTrails, AccountID: mgmtAcct, Region: "eu-west-1", Code: "AccessDenied"},
					{Service: "cloudtrail", Operation: opDescribeTrails, AccountID: memberAcct, Region: "eu-west-1", Code: "AccessDenied"},
				},
			},
			want: map[string]string{
				"account:" + mgmtAcct + ":multi_region_trail":      "yes",
				"region:" + mgmtAcct + "/eu-west-1:trail_status":   "yes",
				"account:" + memberAcct + ":multi_region_trail":    "unknown",
				"region:" + memberAcct + "/eu-west-1:trail_status": "unknown",
				"region:" + memberAcct + "/us-east-1:trail_status": "no",
			},
		},
		{
			name: "security trail needs one trail with everything",
			snap: Snapshot{
				Accounts: []Account{account(mgmtAcct, "")},
				Trails: []Trail{
					goodTrail("nokms", func(t *Trail) { t.KMSKeyID = "" }),
					goodTrail("excludes", basic(EventSelector{ReadWriteType: "All", IncludeManagementEvents: true, ExcludeManagementEventSources: []string{"kms.amazonaws.com"}})),
				},
			},
			want: map[string]string{
				"account:" + mgmtAcct + ":multi_region_trail": "yes",
				"account:" + mgmtAcct + ":security_trail":     "no",
				"trail:excludes:excluded":                     "kms.amazonaws.com",
			},
			wantReason: map[string]string{
				"account:" + mgmtAcct + ":security_trail/reason": "trail excludes excludes kms.amazonaws.com; trail nokms is not encrypted with a KMS key",
			},
		},
		{
			name: "an exclusion in one selector is undone by another selector",
			snap: Snapshot{
				Accounts: []Account{account(mgmtAcct, "")},
				Trails: []Trail{goodTrail("main", basic(
					EventSelector{ReadWriteType: "All", IncludeManagementEvents: true, ExcludeManagementEventSources: []string{"kms.amazonaws.com", rdsDataSource}},
					EventSelector{ReadWriteType: "WriteOnly", IncludeManagementEvents: true, ExcludeManagementEventSources: []string{rdsDataSource}},
				))},
			},
			want: map[string]string{
				"trail:main:excluded":          "kms.amazonaws.com," + rdsDataSource,
				"trail:main:management_events": "all",
			},
		},
		{
			name: "an excluded event source leaves that store type's management events out",
			snap: Snapshot{
				Accounts:       []Account{account(mgmtAcct, "")},
				Trails:         []Trail{goodTrail("main", advanced(adv(mgmtCat, FieldSelector{Field: "eventSource", NotEquals: []string{"rds.amazonaws.com"}})))},
				DBInstances:    []DBInstance{instance("orders", "us-east-1")},
				DynamoDBTables: []DynamoDBTable{table("sessions", mgmtAcct, "us-east-1")},
			},
			want: map[string]string{
				"store:orders:management_events":   "no",
				"store:sessions:management_events": "yes",
				"trail:main:excluded":              "rds.amazonaws.com",
				"trail:main:management_events":     "all",
			},
		},
		{
			name: "a management selector restricted to some event names records only some events",
			snap: Snapshot{
				Accounts: []Account{account(mgmtAcct, "")},
				Trails:   []Trail{goodTrail("main", advanced(adv(mgmtCat, eq("eventName", "DeleteDBInstance"))))},
			},
			want: map[string]string{
				"account:" + mgmtAcct + ":multi_region_trail": "no",
				"trail:main:management_events":                "none",
				"trail:main:filters":                          "eventName Equals [DeleteDBInstance]",
			},
			wantReason: map[string]string{
				"account:" + mgmtAcct + ":multi_region_trail/reason": "records only the management events with eventName Equals [DeleteDBInstance]",
			},
		},
		{
			name: "S3 data events for all buckets with a basic selector",
			snap: Snapshot{
				Accounts: []Account{account(mgmtAcct, "")},
				Trails: []Trail{goodTrail("main", basic(EventSelector{ReadWriteType: "All", IncludeManagementEvents: true,
					DataResources: []DataResource{{Type: "AWS::S3::Object", Values: []string{"arn:aws:s3"}}}}))},
				S3Buckets: []S3Bucket{bucket("data", mgmtAcct, "eu-west-1")},
			},
			want: map[string]string{
				"account:" + mgmtAcct + ":s3_read":  "yes",
				"account:" + mgmtAcct + ":s3_write": "yes",
				"store:data:data_read":              "yes",
				"store:data:data_write":             "yes",
			},
		},
		{
			name: "write-only data events leave reads unrecorded",
			snap: Snapshot{
				Accounts: []Account{account(mgmtAcct, "")},
				Trails: []Trail{goodTrail("main", basic(EventSelector{ReadWriteType: "WriteOnly",
					DataResources: []DataResource{{Type: "AWS::S3::Object", Values: []string{"arn:aws:s3:::"}}}}))},
				S3Buckets: []S3Bucket{bucket("data", mgmtAcct, "us-east-1")},
			},
			want: map[string]string{
				"account:" + mgmtAcct + ":s3_read":  "no",
				"account:" + mgmtAcct + ":s3_write": "yes",
				"store:data:data_read":              "no",
				"store:data:data_write":             "yes",
				"trail:main:management_events":      "none",
			},
		},
		{
			name: "S3 data events of a single-Region trail count for its region's buckets, not for CIS",
			snap: Snapshot{
				Accounts:  []Account{account(mgmtAcct, "")},
				Trails:    []Trail{goodTrail("local", singleRegion("us-east-1"), advanced(adv(mgmtCat), adv(dataCat, s3Obj)))},
				S3Buckets: []S3Bucket{bucket("near", mgmtAcct, "us-east-1"), bucket("far", mgmtAcct, "eu-west-1")},
			},
			want: map[string]string{
				"account:" + mgmtAcct + ":s3_read": "no",
				"store:near:data_read":             "yes",
				"store:near:data_write":            "yes",
				"store:far:data_read":              "no",
			},
		},
		{
			name: "advanced selectors with resources.ARN StartsWith and NotStartsWith",
			snap: Snapshot{
				Accounts: []Account{account(mgmtAcct, "")},
				Trails: []Trail{goodTrail("main", advanced(
					adv(mgmtCat),
					adv(dataCat, s3Obj, FieldSelector{Field: "resources.ARN", NotStartsWith: []string{"arn:aws:s3:::scratch/", "arn:aws:s3:::logs/tmp/"}}),
				))},
				S3Buckets: []S3Bucket{
					bucket("data", mgmtAcct, "us-east-1"),
					bucket("scratch", mgmtAcct, "us-east-1"),
					bucket("logs", mgmtAcct, "us-east-1"),
				},
			},
			want: map[string]string{
				"account:" + mgmtAcct + ":s3_read": "no",
				"store:data:data_read":             "yes",
				"store:data:data_write":            "yes",
				"store:scratch:data_read":          "no",
				"store:logs:data_read":             "no",
			},
			wantReason: map[string]string{
				"account:" + mgmtAcct + ":s3_read/reason": "NotStartsWith",
				"store:logs:data_read/reason":             "records only the AWS::S3::Object data events with resources.ARN NotStartsWith",
			},
		},
		{
			name: "object prefixes, readOnly selectors and event names cover a bucket only partly",
			snap: Snapshot{
				Accounts: []Account{account(mgmtAcct, "")},
				Trails: []Trail{goodTrail("main", advanced(
					adv(mgmtCat),
					adv(dataCat, s3Obj, eq("readOnly", "false"), FieldSelector{Field: "resources.ARN", StartsWith: []string{"arn:aws:s3:::data/exports/"}}),
					adv(dataCat, s3Obj, eq("readOnly", "true"), FieldSelector{Field: "resources.ARN", StartsWith: []string{"arn:aws:s3:::reports/"}}),
					adv(dataCat, s3Obj, eq("eventName", "PutObject"), FieldSelector{Field: "resources.ARN", StartsWith: []string{"arn:aws:s3:::reports/"}}),
				))},
				S3Buckets: []S3Bucket{bucket("data", mgmtAcct, "us-east-1"), bucket("reports", mgmtAcct, "us-east-1")},
			},
			want: map[string]string{
				"store:data:data_read":     "no",
				"store:data:data_write":    "no",
				"store:reports:data_read":  "yes",
				"store:reports:data_write": "no",
			},
			wantReason: map[string]string{
				"store:data:data_write/reason":    "resources.ARN StartsWith [arn:aws:s3:::data/exports/]",
				"store:reports:data_write/reason": "eventName Equals [PutObject]",
			},
		},
		{
			name: "two trails together record a bucket's reads and writes",
			snap: Snapshot{
				Accounts: []Account{account(mgmtAcct, "")},
				Trails: []Trail{
					goodTrail("reads", basic(EventSelector{ReadWriteType: "ReadOnly", DataResources: []DataResource{{Type: "AWS::S3::Object", Values: []string{"arn:aws:s3:::data/"}}}})),
					goodTrail("writes", advanced(adv(dataCat, s3Obj, eq("readOnly", "false"), FieldSelector{Field: "resources.ARN", StartsWith: []string{"arn:aws:s3:::data/"}}))),
				},
				S3Buckets: []S3Bucket{bucket("data", mgmtAcct, "us-east-1")},
			},
			want: map[string]string{
				"store:data:data_read":     "yes",
				"store:data:data_read/by":  trailID(mgmtAcct, "reads"),
				"store:data:data_write":    "yes",
				"store:data:data_write/by": trailID(mgmtAcct, "writes"),
				"store:data:integrity":     "yes",
			},
		},
		{
			name: "DynamoDB data events by table ARN",
			snap: Snapshot{
				Accounts: []Account{account(mgmtAcct, "")},
				Trails: []Trail{goodTrail("main", advanced(adv(mgmtCat),
					adv(dataCat, eq("resources.type", "AWS::DynamoDB::Table"), eq("resources.ARN", "arn:aws:dynamodb:us-east-1:"+mgmtAcct+":table/orders"))))},
				DynamoDBTables: []DynamoDBTable{table("orders", mgmtAcct, "us-east-1"), table("orders-archive", mgmtAcct, "us-east-1")},
			},
			want: map[string]string{
				"store:orders:data_read":          "yes",
				"store:orders:data_write":         "yes",
				"store:orders-archive:data_read":  "no",
				"store:orders-archive:data_write": "no",
			},
		},
		{
			name: "DynamoDB data events for all tables with a basic selector",
			snap: Snapshot{
				Accounts: []Account{account(mgmtAcct, "")},
				Trails: []Trail{goodTrail("main", basic(EventSelector{ReadWriteType: "All", IncludeManagementEvents: true,
					DataResources: []DataResource{{Type: "AWS::DynamoDB::Table", Values: []string{"arn:aws:dynamodb"}}}}))},
				DynamoDBTables: []DynamoDBTable{table("orders", mgmtAcct, "us-east-1")},
			},
			want: map[string]string{
				"store:orders:data_read":  "yes",
				"store:orders:data_write": "yes",
			},
		},
		{
			// A table a plan creates has no ARN until apply; laid over the live account, its
			// name, Region and account spell it, and the all-tables prefix records it.
			name: "DynamoDB data events for all tables record a planned table whose ARN is unknown",
			snap: Snapshot{
				Accounts: []Account{account(mgmtAcct, "")},
				Trails: []Trail{goodTrail("main", basic(EventSelector{ReadWriteType: "All", IncludeManagementEvents: true,
					DataResources: []DataResource{{Type: "AWS::DynamoDB::Table", Values: []string{"arn:aws:dynamodb"}}}}))},
				DynamoDBTables: []DynamoDBTable{func() DynamoDBTable {
					d := table("planned", mgmtAcct, "us-east-1")
					d.ID, d.ARN, d.UnknownFields = "aws_dynamodb_table.planned", "", []string{"arn"}
					return d
				}()},
			},
			want: map[string]string{
				"store:planned:data_read":  "yes",
				"store:planned:data_write": "yes",
			},
		},
		{
			name: "RDS Data API calls are recorded unless rdsdata is excluded",
			snap: Snapshot{
				Accounts: []Account{account(mgmtAcct, "")},
				Trails: []Trail{goodTrail("main", singleRegion("us-east-1"), basic(EventSelector{ReadWriteType: "All", IncludeManagementEvents: true,
					ExcludeManagementEventSources: []string{rdsDataSource}}))},
				DBClusters: []DBCluster{cluster("api", true), cluster("plain", false)},
			},
			want: map[string]string{
				"store:api:data_read":           "no",
				"store:api:management_events":   "yes",
				"store:plain:data":              "nil",
				"store:plain:management_events": "yes",
			},
		},
		{
			name: "RDS Data API calls recorded as management events or as data events",
			snap: Snapshot{
				Accounts: []Account{account(mgmtAcct, "")},
				Trails: []Trail{
					goodTrail("main", advanced(adv(mgmtCat, FieldSelector{Field: "eventSource", NotEquals: []string{rdsDataSource}}))),
					goodTrail("api", advanced(adv(dataCat, eq("resources.type", "AWS::RDS::DBCluster")))),
				},
				DBClusters: []DBCluster{cluster("api", true)},
			},
			want: map[string]string{
				"store:api:data_read":         "yes",
				"store:api:data_read/by":      trailID(mgmtAcct, "api"),
				"store:api:data_write":        "yes",
				"store:api:integrity":         "yes",
				"store:api:integrity/by":      trailID(mgmtAcct, "api") + "," + main,
				"trail:main:excluded":         rdsDataSource,
				"trail:api:management_events": "none",
			},
		},
		{
			name: "integrity: the trails that record the store do not validate log files",
			snap: Snapshot{
				Accounts:    []Account{account(mgmtAcct, "")},
				Trails:      []Trail{goodTrail("main", func(t *Trail) { t.LogFileValidationEnabled = false })},
				DBInstances: []DBInstance{instance("orders", "us-east-1")},
			},
			want: map[string]string{
				"store:orders:management_events": "yes",
				"store:orders:integrity":         "no",
			},
			wantReason: map[string]string{
				"store:orders:integrity/reason": "(main) do not validate log files",
			},
		},
		{
			name: "integrity: a validating trail whose status is unknown",
			snap: Snapshot{
				Accounts:    []Account{account(mgmtAcct, "")},
				Trails:      []Trail{goodTrail("main", func(t *Trail) { t.Status = nil })},
				DBInstances: []DBInstance{instance("orders", "us-east-1")},
			},
			want: map[string]string{
				"store:orders:management_events": "unknown",
				"store:orders:integrity":         "unknown",
			},
		},
		{
			name: "a plan that leaves is_multi_region unknown",
			snap: Snapshot{
				Accounts: []Account{account(mgmtAcct, "")},
				Trails: []Trail{goodTrail("main", func(t *Trail) {
					t.IsMultiRegion = false
					t.UnknownFields = []string{"is_multi_region"}
				})},
				DBInstances: []DBInstance{instance("home", "us-east-1"), instance("away", "eu-west-1")},
			},
			want: map[string]string{
				"account:" + mgmtAcct + ":multi_region_trail": "unknown",
				"store:home:management_events":                "yes",
				"store:away:management_events":                "unknown",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap := tt.snap
			Resolve(&snap)
			got := statuses(&snap)
			sub := map[string]string{}
			for k := range tt.want {
				sub[k] = got[k]
			}
			if diff := cmp.Diff(tt.want, sub); diff != "" {
				t.Errorf("posture (-want +got):\n%s", diff)
			}
			for k, want := range tt.wantReason {
				if !strings.Contains(got[k], want) {
					t.Errorf("%s = %q, want it to contain %q", k, got[k], want)
				}
			}
		})
	}
}

func TestResolveTrailPosture(t *testing.T) {
	ptr := func(b bool) *bool { return &b }
	at := func(hours float64) *time.Time {
		x := collectedAt.Add(-time.Duration(hours * float64(time.Hour)))
		return &x
	}
	hours := func(h float64) *float64 { return &h }
	logsBucket := func(mods ...func(*S3Bucket)) []S3Bucket {
		b := bucket("trail-logs", mgmtAcct, "us-east-1")
		b.Logging = &BucketLogging{TargetBucket: "access-logs"}
		b.Versioning = "Enabled"
		b.ACLPublic, b.PolicyPublic = ptr(false), ptr(false)
		b.LifecycleExpirationDays = 400
		b.LifecycleRules = []LifecycleRule{{ID: "keep", Enabled: true, ExpirationDays: 400}}
		for _, m := range mods {
			m(&b)
		}
		return []S3Bucket{b}
	}
	retention := 365
	tests := []struct {
		name    string
		trail   Trail
		buckets []S3Bucket
		account func(*Account)
		groups  []LogGroup
		keys    []KMSKey
		errors  []CollectionError
		want    TrailPosture
	}{
		{
			name: "bucket in the snapshot, log group, ages and KMS",
			trail: goodTrail("main", func(t *Trail) {
				t.CloudWatchLogsLogGroupARN = "arn:aws:logs:us-east-1:" + mgmtAcct + ":log-group:/aws/cloudtrail/main:*"
				t.Status.LatestDeliveryTime = at(2)
				t.Status.LatestDigestDeliveryTime = at(30)
				t.Status.LatestCloudWatchLogsDeliveryTime = at(0.25)
			}),
			buckets: logsBucket(),
			groups: []LogGroup{{Meta: Meta{ID: "g", Type: TypeLogGroup, Name: "/aws/cloudtrail/main", AccountID: mgmtAcct, Region: "us-east-1"},
				RetentionDays: &retention, KMSKeyID: "arn:aws:kms:us-east-1:" + mgmtAcct + ":key/k1"}},
			keys: []KMSKey{{ARN: "arn:aws:kms:us-east-1:" + mgmtAcct + ":key/k1", AccountID: mgmtAcct, Region: "us-east-1", KeyManager: "CUSTOMER", KeyState: "Enabled"}},
			want: TrailPosture{
				Logging: "yes", ManagementEvents: "all", KMSKeyManager: "CUSTOMER", KMSKeyState: "Enabled",
				Bucket: TrailBucketPosture{Name: "trail-logs", Found: "yes", AccessLogging: "yes", Public: "no", Versioning: "yes",
					MFADelete: "no", ObjectLock: "no", RetentionDays: 400, Lifecycle: "yes"},
				LogGroup:               &LogGroupSummary{Name: "/aws/cloudtrail/main", Found: "yes", RetentionDays: &retention, KMSEncrypted: true, KMSKeyManager: "CUSTOMER", KMSKeyState: KeyStateEnabled},
				LatestDeliveryAgeHours: hours(2), LatestDigestDeliveryAgeHours: hours(30), LatestCloudWatchLogsDeliveryAgeHours: hours(0.3),
			},
		},
		{
			name:  "a bucket outside the snapshot is unknown, never no",
			trail: goodTrail("main", func(t *Trail) { t.S3BucketName = "central-archive" }),
			want: TrailPosture{
				Logging: "yes", ManagementEvents: "all", KMSKeyState: "unknown",
				Bucket: TrailBucketPosture{Name: "central-archive", Found: "unknown", AccessLogging: "unknown", Public: "unknown",
					Versioning: "unknown", MFADelete: "unknown", ObjectLock: "unknown", Lifecycle: "unknown"},
			},
		},
		{
			name:  "a public ACL is public unless a public access block ignores it",
			trail: goodTrail("main"),
			buckets: logsBucket(func(b *S3Bucket) {
				b.ACLPublic = ptr(true)
				b.Logging, b.Versioning, b.MFADelete, b.ObjectLock, b.LifecycleExpirationDays, b.LifecycleRules = nil, "Suspended", true, true, 0, nil
			}),
			want: TrailPosture{
				Logging: "yes", ManagementEvents: "all", KMSKeyState: "unknown",
				Bucket: TrailBucketPosture{Name: "trail-logs", Found: "yes", AccessLogging: "no", Public: "yes", Versioning: "no",
					MFADelete: "yes", ObjectLock: "yes", Lifecycle: "no"},
			},
		},
		{
			name:    "the account public access block neutralises a public policy",
			trail:   goodTrail("main"),
			buckets: logsBucket(func(b *S3Bucket) { b.PolicyPublic = ptr(true) }),
			account: func(a *Account) { a.S3PublicAccessBlock = &PublicAccessBlock{RestrictPublicBuckets: true} },
			want: TrailPosture{
				Logging: "yes", ManagementEvents: "all", KMSKeyState: "unknown",
				Bucket: TrailBucketPosture{Name: "trail-logs", Found: "yes", AccessLogging: "yes", Public: "no", Versioning: "yes",
					MFADelete: "no", ObjectLock: "no", RetentionDays: 400, Lifecycle: "yes"},
			},
		},
		{
			name:  "bucket facts that were not collected are unknown",
			trail: goodTrail("main", func(t *Trail) { t.Status = nil }),
			buckets: logsBucket(func(b *S3Bucket) {
				b.Logging, b.ACLPublic = nil, nil
				b.Errors = []CollectionError{errOn("s3:GetBucketLogging"), errOn("s3:GetBucketVersioning"), errOn("s3:GetBucketLifecycleConfiguration")}
			}),
			errors: []CollectionError{{Service: "s3", Operation: "s3:GetBucketObjectLockConfiguration", AccountID: mgmtAcct, Code: "AccessDenied"}},
			want: TrailPosture{
				Logging: "unknown", ManagementEvents: "all", KMSKeyState: "unknown",
				Bucket: TrailBucketPosture{Name: "trail-logs", Found: "yes", AccessLogging: "unknown", Public: "unknown", Versioning: "unknown",
					MFADelete: "unknown", ObjectLock: "unknown", Lifecycle: "unknown",
					LifecycleReason: "the bucket's lifecycle configuration could not be read"},
			},
		},
		{
			name: "a log group of an account outside the snapshot",
			trail: goodTrail("main", func(t *Trail) {
				t.CloudWatchLogsLogGroupARN = "arn:aws:logs:us-east-1:" + otherAcct + ":log-group:central:*"
			}),
			want: TrailPosture{
				Logging: "yes", ManagementEvents: "all", KMSKeyState: "unknown",
				Bucket: TrailBucketPosture{Name: "trail-logs", Found: "unknown", AccessLogging: "unknown", Public: "unknown",
					Versioning: "unknown", MFADelete: "unknown", ObjectLock: "unknown", Lifecycle: "unknown"},
				LogGroup: &LogGroupSummary{Name: "central", Found: "unknown", Reason: "it belongs to account " + otherAcct + ", which is not in the snapshot"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acc := account(mgmtAcct, "")
			if tt.account != nil {
				tt.account(&acc)
			}
			snap := Snapshot{CollectedAt: collectedAt, Accounts: []Account{acc}, Trails: []Trail{tt.trail},
				S3Buckets: tt.buckets, LogGroups: tt.groups, KMSKeys: tt.keys, Errors: tt.errors}
			Resolve(&snap)
			want := tt.want
			// Every trail here delivers without a key prefix.
			want.Bucket.LogPrefix = "AWSLogs/" + mgmtAcct + "/"
			if diff := cmp.Diff(want, snap.Trails[0].Posture, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("trail posture (-want +got):\n%s", diff)
			}
		})
	}
}

// TestTrailBucketLifecycle checks that only enabled lifecycle rules whose filter holds the
// trail's log files count as their retention.
func TestTrailBucketLifecycle(t *testing.T) {
	logs := "logs/AWSLogs/" + mgmtAcct + "/"
	rule := func(prefix string, days int, mods ...func(*LifecycleRule)) LifecycleRule {
		r := LifecycleRule{ID: prefix, Enabled: true, Prefix: prefix, ExpirationDays: days}
		for _, m := range mods {
			m(&r)
		}
		return r
	}
	disabled := func(r *LifecycleRule) { r.Enabled = false }
	tagged := func(r *LifecycleRule) { r.Tagged = true }
	sized := func(r *LifecycleRule) { r.SizeFiltered = true }
	sizeUnknown := func(r *LifecycleRule) { r.SizeUnknown = true }
	// on expires on a date instead of after days; the snapshot is collected on 2026-09-01.
	on := func(date string) func(*LifecycleRule) {
		return func(r *LifecycleRule) { r.ExpirationDate = date }
	}
	unknownPrefix := func(t *Trail) { t.S3KeyPrefix, t.UnknownFields = "", []string{"s3_key_prefix"} }
	tests := []struct {
		name        string
		trail       func(*Trail)
		org         string
		rules       []LifecycleRule
		legacyDays  int
		unknown     []string
		wantPrefix  string
		want        string
		wantDays    int
		wantExpired string
		// wantReason is a part of the reason; empty when there must be none.
		wantReason string
		// wantNext is the earliest date to come, wantNextDays the whole days left to it.
		wantNext     string
		wantNextDays int
		// wantMayExpire is the shortest expiration of the rules that may come to hold the
		// files sooner, when they alone leave the lifecycle unknown.
		wantMayExpire int
	}{
		{name: "whole bucket", rules: []LifecycleRule{rule("", 400)}, wantPrefix: logs, want: "yes", wantDays: 400},
		{name: "the trail's key prefix", rules: []LifecycleRule{rule("logs/", 400)}, wantPrefix: logs, want: "yes", wantDays: 400},
		{name: "the account's folder", rules: []LifecycleRule{rule(logs, 400)}, wantPrefix: logs, want: "yes", wantDays: 400},
		{name: "an unrelated prefix keeps nothing of the trail's", rules: []LifecycleRule{rule("tmp/", 400)}, wantPrefix: logs, want: "no"},
		{name: "a disabled rule keeps nothing", rules: []LifecycleRule{rule("", 400, disabled)}, wantPrefix: logs, want: "no"},
		{name: "a tag filter never matches CloudTrail's untagged files", rules: []LifecycleRule{rule("", 400, tagged), rule("", 30, tagged)}, wantPrefix: logs, want: "no"},
		{name: "a size filter expires some files only", rules: []LifecycleRule{rule("", 400, sized)}, wantPrefix: logs, want: "no", wantDays: 400},
		{name: "one region's folder expires sooner", rules: []LifecycleRule{rule("", 400), rule(logs+"CloudTrail/eu-west-1/", 30)},
			wantPrefix: logs, want: "yes", wantDays: 30},
		{name: "one region's folder alone does not keep the rest", rules: []LifecycleRule{rule(logs+"CloudTrail/", 400)}, wantPrefix: logs, want: "no", wantDays: 400},
		{name: "the shortest rule that applies", rules: []LifecycleRule{rule("", 400), rule("logs/", 90), rule("tmp/", 1)}, wantPrefix: logs, want: "yes", wantDays: 90},
		{name: "a snapshot without rules is unknown", legacyDays: 400, wantPrefix: logs, want: "unknown", wantReason: "not which objects"},
		{name: "no rule", wantPrefix: logs, want: "no"},
		{name: "no key prefix", trail: func(t *Trail) { t.S3KeyPrefix = "" }, rules: []LifecycleRule{rule("logs/", 400)},
			wantPrefix: "AWSLogs/" + mgmtAcct + "/", want: "no"},
		{name: "organisation trail", trail: func(t *Trail) { t.IsOrganizationTrail = true }, org: "o-abc",
			rules: []LifecycleRule{rule("logs/AWSLogs/o-abc/", 400)}, wantPrefix: "logs/AWSLogs/o-abc/", want: "yes", wantDays: 400},
		{name: "organisation trail of an organisation not in the snapshot", trail: func(t *Trail) { t.IsOrganizationTrail = true },
			rules: []LifecycleRule{rule("logs/AWSLogs/o-abc/", 400)}, wantPrefix: "logs/AWSLogs/", want: "unknown", wantReason: "known only in part"},
		{name: "a plan's unknown key prefix", trail: func(t *Trail) { t.S3KeyPrefix, t.UnknownFields = "", []string{"s3_key_prefix"} },
			rules: []LifecycleRule{rule("logs/", 400)}, want: "unknown", wantReason: "may hold"},
		{name: "a plan's unknown prefix does not hide a whole-bucket rule", trail: func(t *Trail) { t.S3KeyPrefix, t.UnknownFields = "", []string{"s3_key_prefix"} },
			rules: []LifecycleRule{rule("", 400)}, want: "yes", wantDays: 400},
		{name: "a rule below the unknown part that may expire sooner", trail: func(t *Trail) { t.S3KeyPrefix, t.UnknownFields = "", []string{"s3_key_prefix"} },
			rules: []LifecycleRule{rule("", 400), rule("logs/", 30)}, want: "unknown", wantDays: 400, wantReason: "after 30 days, sooner than the 400 days", wantMayExpire: 30},
		{name: "a plan's unknown rules", rules: []LifecycleRule{rule("", 400)}, unknown: []string{"lifecycle_rules"}, wantPrefix: logs, want: "unknown",
			wantReason: "known only after apply"},
		{name: "a rule below the unknown part that expires later keeps the verdict", trail: unknownPrefix,
			rules: []LifecycleRule{rule("", 400), rule("logs/", 800)}, want: "yes", wantDays: 400},
		{name: "a rule below the unknown part alone may or may not hold the files", trail: unknownPrefix,
			rules: []LifecycleRule{rule("logs/", 800)}, want: "unknown", wantReason: `lifecycle rule "logs/" on "logs/" may hold`},

		// Expiration dates: from the date on S3 deletes every object the rule holds.
		{name: "a passed date on the logs beside a whole-bucket rule", rules: []LifecycleRule{rule("", 400), rule("logs/AWSLogs/", 0, on("2025-01-01T00:00:00Z"))},
			wantPrefix: logs, want: "yes", wantDays: 400, wantExpired: "2025-01-01T00:00:00Z"},
		{name: "a passed date alone", rules: []LifecycleRule{rule("", 0, on("2025-01-01T00:00:00Z"))},
			wantPrefix: logs, want: "no", wantExpired: "2025-01-01T00:00:00Z"},
		{name: "a date passed on the collection day", rules: []LifecycleRule{rule("", 400), rule("", 0, on("2026-09-01T00:00:00Z"))},
			wantPrefix: logs, want: "yes", wantDays: 400, wantExpired: "2026-09-01T00:00:00Z"},
		{name: "the earliest passed date", rules: []LifecycleRule{rule("", 0, on("2026-01-01T00:00:00Z")), rule(logs, 0, on("2025-06-01T00:00:00Z"))},
			wantPrefix: logs, want: "no", wantExpired: "2025-06-01T00:00:00Z"},
		{name: "a passed date on one region's folder", rules: []LifecycleRule{rule("", 400), rule(logs+"CloudTrail/eu-west-1/", 0, on("2025-01-01T00:00:00Z"))},
			wantPrefix: logs, want: "yes", wantDays: 400, wantExpired: "2025-01-01T00:00:00Z"},
		{name: "a future date beside a whole-bucket rule", rules: []LifecycleRule{rule("", 400), rule("logs/", 0, on("2027-01-01T00:00:00Z"))},
			wantPrefix: logs, want: "unknown", wantDays: 400, wantReason: `lifecycle rule "logs/" deletes every object it holds on 2027-01-01`,
			wantNext: "2027-01-01T00:00:00Z", wantNextDays: 121},
		{name: "a future date alone", rules: []LifecycleRule{rule("", 0, on("2027-01-01T00:00:00Z"))},
			wantPrefix: logs, want: "unknown", wantReason: "cannot be stated in days", wantNext: "2027-01-01T00:00:00Z", wantNextDays: 121},
		{name: "the earliest future date", rules: []LifecycleRule{rule("", 0, on("2030-01-01T00:00:00Z")), rule("logs/", 0, on("2028-01-01T00:00:00Z"))},
			wantPrefix: logs, want: "unknown", wantReason: "on 2028-01-01", wantNext: "2028-01-01T00:00:00Z", wantNextDays: 486},
		{name: "a future date less than a day away", rules: []LifecycleRule{rule("", 400), rule("", 0, on("2026-09-02T00:00:00Z"))},
			wantPrefix: logs, want: "unknown", wantDays: 400, wantReason: "on 2026-09-02", wantNext: "2026-09-02T00:00:00Z", wantNextDays: 0},
		{name: "a future date on one region's folder only", rules: []LifecycleRule{rule(logs+"CloudTrail/eu-west-1/", 0, on("2027-01-01T00:00:00Z"))},
			wantPrefix: logs, want: "no", wantNext: "2027-01-01T00:00:00Z", wantNextDays: 121},
		{name: "a future date on a size-filtered rule", rules: []LifecycleRule{rule("", 400), rule("", 0, sized, on("2027-01-01T00:00:00Z"))},
			wantPrefix: logs, want: "unknown", wantDays: 400, wantReason: "on 2027-01-01", wantNext: "2027-01-01T00:00:00Z", wantNextDays: 121},
		{name: "a future date on a tagged rule is not the trail's", rules: []LifecycleRule{rule("", 400), rule("", 0, tagged, on("2027-01-01T00:00:00Z"))},
			wantPrefix: logs, want: "unknown", wantDays: 400, wantReason: "once they carry its tags"},

		// Dates in another time zone compare and print as the instant they are, in UTC.
		{name: "a passed date written at +02:00", rules: []LifecycleRule{rule("", 0, on("2025-06-01T00:00:00+02:00")), rule(logs, 0, on("2025-05-31T23:00:00Z"))},
			wantPrefix: logs, want: "no", wantExpired: "2025-05-31T22:00:00Z"},
		{name: "a future date written at +02:00", rules: []LifecycleRule{rule("", 400), rule("", 0, on("2027-01-01T01:00:00+02:00")), rule("logs/", 0, on("2026-12-31T23:30:00Z"))},
			wantPrefix: logs, want: "unknown", wantDays: 400, wantReason: "on 2026-12-31", wantNext: "2026-12-31T23:00:00Z", wantNextDays: 121},
		{name: "a date on another prefix", rules: []LifecycleRule{rule("", 400), rule("tmp/", 0, on("2025-01-01T00:00:00Z"))},
			wantPrefix: logs, want: "yes", wantDays: 400},
		{name: "a date on a disabled rule", rules: []LifecycleRule{rule("", 400), rule("", 0, on("2025-01-01T00:00:00Z"), disabled)},
			wantPrefix: logs, want: "yes", wantDays: 400},
		{name: "an unreadable date", rules: []LifecycleRule{rule("", 400), rule("", 0, on("next year"))},
			wantPrefix: logs, want: "unknown", wantDays: 400, wantReason: "cannot be read"},
		{name: "a passed date below the unknown part of the prefix", trail: unknownPrefix,
			rules: []LifecycleRule{rule("", 400), rule("logs/", 0, on("2025-01-01T00:00:00Z"))}, want: "unknown", wantDays: 400, wantReason: "may hold"},

		// Tag filters: CloudTrail tags nothing, but anyone allowed s3:PutObjectTagging can.
		{name: "a tagged rule expiring sooner", rules: []LifecycleRule{rule("", 400), rule("", 30, tagged)},
			wantPrefix: logs, want: "unknown", wantDays: 400, wantReason: "a lifecycle rule without id expires the trail's files once they carry its tags", wantMayExpire: 30},
		{name: "the soonest of the tagged rules", rules: []LifecycleRule{rule("", 900), rule("", 500, tagged), rule("", 370, tagged)},
			wantPrefix: logs, want: "unknown", wantDays: 900, wantReason: "after 370 days", wantMayExpire: 370},
		{name: "a tagged rule with a date beside one with days", rules: []LifecycleRule{rule("", 900), rule("", 500, tagged), rule("", 0, tagged, on("2030-01-01T00:00:00Z"))},
			wantPrefix: logs, want: "unknown", wantDays: 900, wantReason: "on 2030-01-01"},
		{name: "a tagged rule sooner beside a future date", rules: []LifecycleRule{rule("", 900), rule("", 500, tagged), rule("", 0, on("2030-01-01T00:00:00Z"))},
			wantPrefix: logs, want: "unknown", wantDays: 900, wantReason: "on 2030-01-01", wantNext: "2030-01-01T00:00:00Z", wantNextDays: 1217},
		{name: "a tagged rule on the logs expiring sooner", rules: []LifecycleRule{rule("", 400), {ID: "tmp-tagged", Enabled: true, Prefix: "logs/", Tagged: true, ExpirationDays: 30}},
			wantPrefix: logs, want: "unknown", wantDays: 400, wantReason: `lifecycle rule "tmp-tagged" expires the trail's files once they carry its tags`, wantMayExpire: 30},
		{name: "a tagged rule expiring later", rules: []LifecycleRule{rule("", 400), rule("", 800, tagged)}, wantPrefix: logs, want: "yes", wantDays: 400},
		{name: "a tagged rule on another prefix", rules: []LifecycleRule{rule("", 400), rule("tmp/", 1, tagged)}, wantPrefix: logs, want: "yes", wantDays: 400},
		{name: "a tagged rule with a date", rules: []LifecycleRule{rule("", 400), rule("", 0, tagged, on("2030-01-01T00:00:00Z"))},
			wantPrefix: logs, want: "unknown", wantDays: 400, wantReason: "on 2030-01-01T00:00:00Z"},
		{name: "a tagged and size-filtered rule expiring sooner", rules: []LifecycleRule{rule("", 400), rule("", 30, tagged, sized)},
			wantPrefix: logs, want: "unknown", wantDays: 400, wantReason: "tags", wantMayExpire: 30},
		{name: "a disabled tagged rule", rules: []LifecycleRule{rule("", 400), rule("", 30, tagged, disabled)}, wantPrefix: logs, want: "yes", wantDays: 400},

		// A plan's existing bucket read from aws_s3_bucket's lifecycle_rule, which has no size fields.
		{name: "a rule whose size filter is not known", rules: []LifecycleRule{rule("", 400, sizeUnknown)},
			wantPrefix: logs, want: "unknown", wantDays: 400, wantReason: "selects objects by size is not known"},
		{name: "a rule whose size filter is not known still expires files sooner", rules: []LifecycleRule{rule("", 400), rule("", 30, sizeUnknown)},
			wantPrefix: logs, want: "yes", wantDays: 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := goodTrail("main", func(t *Trail) { t.S3KeyPrefix = "logs" })
			if tt.trail != nil {
				tt.trail(&tr)
			}
			b := bucket("trail-logs", mgmtAcct, "us-east-1")
			b.LifecycleRules, b.LifecycleExpirationDays, b.UnknownFields = tt.rules, tt.legacyDays, tt.unknown
			snap := Snapshot{CollectedAt: collectedAt, Accounts: []Account{account(mgmtAcct, tt.org)}, Trails: []Trail{tr}, S3Buckets: []S3Bucket{b}}
			Resolve(&snap)
			got := snap.Trails[0].Posture.Bucket
			if got.LogPrefix != tt.wantPrefix || got.Lifecycle != tt.want || got.RetentionDays != tt.wantDays || got.ExpiredSince != tt.wantExpired {
				t.Errorf("log prefix %q, lifecycle %s, %d days, expired since %q; want %q, %s, %d days, %q",
					got.LogPrefix, got.Lifecycle, got.RetentionDays, got.ExpiredSince, tt.wantPrefix, tt.want, tt.wantDays, tt.wantExpired)
			}
			switch days := got.DaysToNextExpiration; {
			case got.NextExpirationDate != tt.wantNext || (days == nil) != (tt.wantNext == ""):
				t.Errorf("next expiration %q (days %v), want %q", got.NextExpirationDate, days, tt.wantNext)
			case days != nil && *days != tt.wantNextDays:
				t.Errorf("%d days to the next expiration, want %d", *days, tt.wantNextDays)
			}
			if got.MayExpireDays != tt.wantMayExpire {
				t.Errorf("may expire after %d days, want %d", got.MayExpireDays, tt.wantMayExpire)
			}
			if (tt.wantReason == "") != (got.LifecycleReason == "") || !strings.Contains(got.LifecycleReason, tt.wantReason) {
				t.Errorf("lifecycle reason %q, want one containing %q", got.LifecycleReason, tt.wantReason)
			}
		})
	}
}

func TestPrefixLevel(t *testing.T) {
	const p = "arn:aws:s3:::data/"
	tests := []struct {
		f    FieldSelector
		want level
	}{
		{FieldSelector{}, levelFull},
		{FieldSelector{StartsWith: []string{"arn:aws:s3"}}, levelFull},
		{FieldSelector{StartsWith: []string{"arn:aws:s3:::data/"}}, levelFull},
		{FieldSelector{StartsWith: []string{"arn:aws:s3:::data/exports/"}}, levelPartial},
		{FieldSelector{StartsWith: []string{"arn:aws:s3:::database/"}}, levelNone},
		{FieldSelector{StartsWith: []string{"arn:aws:s3:::other/", "arn:aws:s3:::data/"}}, levelFull},
		{FieldSelector{Equals: []string{"arn:aws:s3:::data/"}}, levelPartial},
		{FieldSelector{Equals: []string{"arn:aws:s3:::other/key"}}, levelNone},
		{FieldSelector{EndsWith: []string{".parquet"}}, levelPartial},
		{FieldSelector{NotStartsWith: []string{"arn:aws:s3:::data/"}}, levelNone},
		{FieldSelector{NotStartsWith: []string{"arn:aws:s3:::data/tmp/"}}, levelPartial},
		{FieldSelector{NotStartsWith: []string{"arn:aws:s3:::scratch/"}}, levelFull},
		{FieldSelector{NotEquals: []string{"arn:aws:s3:::data/secret"}}, levelPartial},
		{FieldSelector{NotEndsWith: []string{".tmp"}}, levelPartial},
		{FieldSelector{StartsWith: []string{"arn:aws:s3:::"}, NotStartsWith: []string{"arn:aws:s3:::data/"}}, levelNone},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.f), func(t *testing.T) {
			if got := tt.f.prefixLevel(p); got != tt.want {
				t.Errorf("prefixLevel(%q) = %d, want %d", p, got, tt.want)
			}
		})
	}
}

// BenchmarkResolveTrails resolves 100,000 stores in 50 accounts of one organisation,
// recorded by an organisation trail and a data-event trail with ARN conditions. (That the
// whole resolution stays linear is the scaling guard's job: scripts/bench.sh scaling.)
func BenchmarkResolveTrails(b *testing.B) {
	s := &Snapshot{Accounts: []Account{account(mgmtAcct, "o-1")}}
	for i := range 50 {
		s.Accounts = append(s.Accounts, account(fmt.Sprintf("%012d", i), "o-1"))
	}
	s.Trails = []Trail{
		goodTrail("org", func(t *Trail) { t.IsOrganizationTrail = true }),
		goodTrail("data", advanced(
			adv(dataCat, s3Obj, FieldSelector{Field: "resources.ARN", NotStartsWith: []string{"arn:aws:s3:::b1/"}}),
			adv(dataCat, eq("resources.type", "AWS::DynamoDB::Table"), FieldSelector{Field: "resources.ARN", EndsWith: []string{"-audited"}}),
		)),
	}
	for i := range 50_000 {
		acct := fmt.Sprintf("%012d", i%50)
		s.S3Buckets = append(s.S3Buckets, bucket(fmt.Sprintf("b%d", i), acct, "us-east-1"))
		s.DynamoDBTables = append(s.DynamoDBTables, table(fmt.Sprintf("t%d", i), acct, "eu-west-1"))
	}
	b.ResetTimer()
	for range b.N {
		ix := newIndex(s)
		resolveTrails(s, ix)
	}
}

// FuzzPrefixLevel checks prefixLevel against matches: when a condition records every ARN
// under a prefix, each ARN under it must match; when it records none, none may.
func FuzzPrefixLevel(f *testing.F) {
	f.Add("arn:aws:s3:::data/", "key", "arn:aws:s3:::", "arn:aws:s3:::data/tmp/", ".tmp", uint8(0))
	f.Add("arn:aws:s3:::data/", "exports/a", "arn:aws:s3:::data/exports/", "arn:aws:s3:::other/", "", uint8(1))
	f.Add("arn:aws:s3:::data/", "x", "arn:aws:s3:::data/x", "", "x", uint8(2))
	f.Fuzz(func(t *testing.T, prefix, key, a, b, c string, ops uint8) {
		var fs FieldSelector
		lists := []*[]string{&fs.Equals, &fs.StartsWith, &fs.EndsWith, &fs.NotEquals, &fs.NotStartsWith, &fs.NotEndsWith}
		for i, l := range lists {
			if ops&(1<<i) != 0 {
				*l = []string{a, b, c}[i%3 : i%3+1]
			}
		}
		lv := fs.prefixLevel(prefix)
		m := fs.matches(prefix + key)
		if lv == levelFull && !m {
			t.Errorf("%s records all of %q but not %q", fs.describe(), prefix, prefix+key)
		}
		if lv == levelNone && m {
			t.Errorf("%s records none of %q but matches %q", fs.describe(), prefix, prefix+key)
		}
	})
}
