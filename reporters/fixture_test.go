package reporters

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/storewatch/storewatch/inventory"
	"github.com/storewatch/storewatch/policies"
)

const (
	fixtureAccount  = "111111111111"
	fixtureAccount2 = "222222222222"
	fixtureFile     = "compliance/snapshot.json"
)

// hostileName is what an attacker who can name or tag a resource would try: closing the
// script element, an inline handler, an ANSI escape, a right-to-left override, a zero
// width space, a NUL, quotes, and characters outside XML's range.
const hostileName = "evil</script><script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">\x1b[31mRED\x1b[0m\u202egpj.exe\u200b'\"&\x00]]>"

var fixtureTime = time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)

func fixtureRules() []*policies.Rule {
	return []*policies.Rule{
		{
			ID: "SW-LX-01", Title: "RDS instance publishes its engine's logs to CloudWatch Logs",
			Description: "An RDS DB instance exports the full engine-specific set of logs to CloudWatch Logs.",
			Severity:    policies.SeverityMedium, SecuritySeverity: 5.5, Service: "rds",
			ResourceTypes: []string{inventory.TypeDBInstance}, Dimension: policies.DimensionLogExports,
			Frameworks: map[string][]string{policies.FrameworkFSBP: {"RDS.9"}, policies.FrameworkAWSConfig: {"rds-logging-enabled"}},
			Remediation: policies.Remediation{
				Console:   "RDS console → Databases → the instance → Modify → Log exports.",
				CLI:       `aws rds modify-db-instance --db-instance-identifier <id> --cloudwatch-logs-export-configuration '{"EnableLogTypes":["audit","error"]}' --apply-immediately`,
				Terraform: "resource \"aws_db_instance\" \"this\" {\n  enabled_cloudwatch_logs_exports = [\"audit\", \"error\"]\n}\n",
			},
			References: []string{"https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-9"},
			Builtin:    true, File: "policies/aws/rds/instance_log_exports.rego", Line: 1,
		},
		{
			ID: "SW-AL-01", Title: "Data store has an alarm on its key metric",
			Description: "A CloudWatch alarm watches the store's key health metric and notifies someone.",
			Severity:    policies.SeverityHigh, SecuritySeverity: 7.5, Service: "cloudwatch",
			ResourceTypes: []string{inventory.TypeDBInstance, inventory.TypeS3Bucket}, Dimension: policies.DimensionAlarms,
			Frameworks: map[string][]string{policies.FrameworkCIS30: {"4.1"}},
			Remediation: policies.Remediation{
				Console:   "CloudWatch console → Alarms → Create alarm.",
				CLI:       "aws cloudwatch put-metric-alarm --alarm-name <name> --metric-name CPUUtilization --namespace AWS/RDS",
				Terraform: "resource \"aws_cloudwatch_metric_alarm\" \"cpu\" {\n  # a ``` fence inside the snippet must not end the code block\n}\n",
			},
			Builtin: true, File: "policies/aws/cloudwatch/store_alarm.rego", Line: 1,
		},
		{
			ID: "SW-TC-01", Title: "Store's management events are recorded by a trail",
			Description: "A multi-Region CloudTrail trail records the store's management events.",
			Severity:    policies.SeverityCritical, SecuritySeverity: 9.5, Service: "cloudtrail",
			ResourceTypes: []string{inventory.TypeDBInstance, inventory.TypeS3Bucket}, Dimension: policies.DimensionManagementEvents,
			Frameworks: map[string][]string{policies.FrameworkCIS30: {"3.1"}, policies.FrameworkFSBP: {"CloudTrail.1"}},
			Remediation: policies.Remediation{
				Console:   "CloudTrail console → Trails → Create trail.",
				CLI:       "aws cloudtrail create-trail --name main --s3-bucket-name <bucket> --is-multi-region-trail",
				Terraform: "resource \"aws_cloudtrail\" \"main\" {\n  is_multi_region_trail = true\n}\n",
			},
			Builtin: true, File: "policies/aws/cloudtrail/store_management_events.rego", Line: 1,
		},
		{
			// More framework controls than GitHub shows tags: the tag list must be cut to ten.
			ID: "SW-DE-01", Title: "S3 bucket object-level data events are recorded",
			Description: "A trail records S3 data events (GetObject, PutObject) for the bucket.",
			Severity:    policies.SeverityLow, SecuritySeverity: 3.0, Service: "s3",
			ResourceTypes: []string{inventory.TypeS3Bucket}, Dimension: policies.DimensionDataEvents,
			Frameworks: map[string][]string{
				policies.FrameworkCIS30: {"3.8", "3.9"},
				policies.FrameworkFSBP:  {"S3.22", "S3.23", "CloudTrail.1", "CloudTrail.2", "CloudTrail.3", "CloudTrail.4", "CloudTrail.5", "CloudTrail.6"},
			},
			Remediation: policies.Remediation{
				Console:   "CloudTrail console → the trail → Data events → S3.",
				CLI:       "aws cloudtrail put-event-selectors --trail-name main --advanced-event-selectors file://s3.json",
				Terraform: "resource \"aws_cloudtrail\" \"main\" {\n  advanced_event_selector {}\n}\n",
			},
			Builtin: true, File: "policies/aws/s3/data_events.rego", Line: 1,
		},
		{
			ID: "SW-TI-01", Title: "Trail validates its log files",
			Description: "The trail writes digest files so that tampering with its logs can be detected.",
			Severity:    policies.SeverityInfo, SecuritySeverity: 1.0, Service: "cloudtrail",
			ResourceTypes: []string{inventory.TypeTrail}, Dimension: policies.DimensionIntegrity,
			Frameworks: map[string][]string{policies.FrameworkCIS30: {"3.2"}, policies.FrameworkFSBP: {"CloudTrail.4"}},
			Remediation: policies.Remediation{
				Console:   "CloudTrail console → the trail → Edit → Log file validation.",
				CLI:       "aws cloudtrail update-trail --name main --enable-log-file-validation",
				Terraform: "resource \"aws_cloudtrail\" \"main\" {\n  enable_log_file_validation = true\n}\n",
			},
			Builtin: true, File: "policies/aws/cloudtrail/log_file_validation.rego", Line: 1,
		},
	}
}

type fixtureStore struct {
	policies.StoreInfo
	line int
}

// fixtureReport is a report that exercises every branch of every reporter: all statuses
// and severities, an unknown with collection errors, a waived finding, two accounts, a
// finding on a resource that is not a data store, one without a location, and hostile
// strings in names, tags, messages and evidence.
func fixtureReport() *policies.Report {
	rdsARN := func(region, name string) string {
		return "arn:aws:rds:" + region + ":" + fixtureAccount + ":db:" + name
	}
	stores := []fixtureStore{
		{policies.StoreInfo{ID: rdsARN("us-east-1", "orders-db"), Type: inventory.TypeDBInstance, Name: "orders-db", Engine: "mysql", AccountID: fixtureAccount, Region: "us-east-1",
			LogGroups: []policies.StoreLogGroup{
				{Type: "audit", LogGroup: "/aws/rds/instance/orders-db/audit", Found: inventory.StatusYes},
				{Type: "error", LogGroup: "/aws/rds/instance/orders-db/error", Found: inventory.StatusYes},
				{Type: "slowquery", LogGroup: "/aws/rds/instance/orders-db/slowquery", Found: inventory.StatusNo},
			}}, 40},
		{policies.StoreInfo{ID: rdsARN("us-east-1", "billing-db"), Type: inventory.TypeDBInstance, Name: "billing-db", Engine: "postgres", AccountID: fixtureAccount, Region: "us-east-1",
			LogGroups: []policies.StoreLogGroup{{Type: "postgresql", LogGroup: "/aws/rds/instance/billing-db/postgresql", Found: inventory.StatusUnknown}}}, 10},
		{policies.StoreInfo{ID: rdsARN("eu-west-1", "crm-db"), Type: inventory.TypeDBInstance, Name: "crm-db", Engine: "mariadb", AccountID: fixtureAccount, Region: "eu-west-1",
			LogGroups: []policies.StoreLogGroup{}}, 25},
		{policies.StoreInfo{ID: "arn:aws:s3:::evil-bucket", Type: inventory.TypeS3Bucket, Name: hostileName, AccountID: fixtureAccount, Region: "us-east-1",
			LogGroups: []policies.StoreLogGroup{{Type: "audit", LogGroup: "/aws/x/" + hostileName, Found: inventory.StatusYes}}}, 70},
		{policies.StoreInfo{ID: "arn:aws:s3:::logs-222", Type: inventory.TypeS3Bucket, Name: "logs-222", AccountID: fixtureAccount2, Region: "eu-west-1",
			LogGroups: []policies.StoreLogGroup{}}, 90},
	}
	resources := map[string]*policies.Resource{}
	for _, s := range stores {
		res := &policies.Resource{ID: s.ID, Type: s.Type, Name: s.Name, ARN: s.ID, AccountID: s.AccountID, Region: s.Region,
			Location: &policies.Location{File: fixtureFile, StartLine: s.line, EndLine: s.line + 9}}
		if s.Name == hostileName {
			res.Tags = map[string]string{"owner": hostileName, "<b>key</b>": "\u202eevil"}
		}
		resources[s.Name] = res
	}
	// A trail: not a data store, so it has findings but no row in the matrix. It has no
	// location either: SARIF must fall back to the snapshot file.
	trail := &policies.Resource{ID: "arn:aws:cloudtrail:us-east-1:" + fixtureAccount + ":trail/main", Type: inventory.TypeTrail,
		Name: "main", ARN: "arn:aws:cloudtrail:us-east-1:" + fixtureAccount + ":trail/main", AccountID: fixtureAccount, Region: "us-east-1"}

	denied := inventory.CollectionError{Source: inventory.SourceAWS, AccountID: fixtureAccount, Region: "eu-west-1", Service: "cloudtrail",
		Operation: "cloudtrail:DescribeTrails", Code: "AccessDeniedException", Message: "User: arn:aws:iam::111111111111:role/scanner is not authorized"}
	throttled := inventory.CollectionError{Source: inventory.SourceAWS, AccountID: fixtureAccount2, Region: "eu-west-1", Service: "s3",
		Operation: "s3:GetBucketLogging", Resource: "arn:aws:s3:::logs-222", Code: "ThrottlingException", Message: "Rate exceeded " + hostileName}

	f := func(rule string, sev policies.Severity, st policies.Status, res *policies.Resource, msg string) policies.Finding {
		return policies.Finding{ID: policies.FindingID(rule, res), RuleID: rule, Status: st, Severity: sev, Message: msg, Resource: res}
	}
	orders, billing, crm, evil, logs2 := resources["orders-db"], resources["billing-db"], resources["crm-db"], resources[hostileName], resources["logs-222"]
	findings := []policies.Finding{
		f("SW-AL-01", policies.SeverityHigh, policies.StatusFail, orders, "orders-db has no alarm on CPUUtilization"),
		f("SW-AL-01", policies.SeverityHigh, policies.StatusWaived, billing, "billing-db has no alarm on CPUUtilization"),
		f("SW-AL-01", policies.SeverityHigh, policies.StatusPass, crm, "Data store has an alarm on its key metric"),
		f("SW-AL-01", policies.SeverityHigh, policies.StatusFail, evil, hostileName+" has no alarm"),
		f("SW-DE-01", policies.SeverityLow, policies.StatusFail, evil, "no trail records data events of "+hostileName),
		f("SW-DE-01", policies.SeverityLow, policies.StatusUnknown, logs2, "could not collect s3:GetBucketLogging (eu-west-1, ThrottlingException): Rate exceeded"),
		f("SW-LX-01", policies.SeverityMedium, policies.StatusFail, billing, "billing-db (postgres) does not export upgrade to CloudWatch Logs"),
		f("SW-LX-01", policies.SeverityMedium, policies.StatusFail, crm, "crm-db (mariadb) does not export audit, error, general, slowquery to CloudWatch Logs"),
		f("SW-LX-01", policies.SeverityMedium, policies.StatusPass, orders, "RDS instance publishes its engine's logs to CloudWatch Logs"),
		f("SW-TC-01", policies.SeverityCritical, policies.StatusPass, billing, "Store's management events are recorded by a trail"),
		f("SW-TC-01", policies.SeverityCritical, policies.StatusUnknown, crm, "could not collect cloudtrail:DescribeTrails (eu-west-1, AccessDeniedException): User is not authorized"),
		f("SW-TC-01", policies.SeverityCritical, policies.StatusFail, evil, "no trail records management events of "+hostileName),
		f("SW-TC-01", policies.SeverityCritical, policies.StatusPass, orders, "Store's management events are recorded by a trail"),
		f("SW-TI-01", policies.SeverityInfo, policies.StatusFail, trail, "trail main does not validate its log files"),
	}
	for i := range findings {
		switch {
		case findings[i].Status == policies.StatusUnknown && findings[i].Resource == crm:
			findings[i].Errors = []inventory.CollectionError{denied}
		case findings[i].Status == policies.StatusUnknown:
			findings[i].Errors = []inventory.CollectionError{throttled}
		case findings[i].Status == policies.StatusWaived:
			findings[i].Waiver = &policies.WaiverRef{Rule: "SW-AL-01", Resource: billing.ID, Reason: "replaced by the new billing service in Q1",
				Owner: "data-platform@example.com", Expires: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)}
		}
		switch findings[i].RuleID + "/" + findings[i].Resource.Name {
		case "SW-LX-01/billing-db":
			findings[i].Evidence = evidenceText(map[string]any{"engine": "postgres", "exported": []any{"postgresql"}, "missing": []any{"upgrade"}})
		case "SW-DE-01/" + hostileName:
			findings[i].Evidence = evidenceText(map[string]any{"bucket": hostileName, "selectors": []any{}, "note": "</script><!--"})
		}
	}
	r := &policies.Report{
		SchemaVersion: policies.ReportVersion,
		Tool:          policies.ToolInfo{Name: "storewatch", Version: "v1.2.3", RulesVersion: "2026.11.1"},
		GeneratedAt:   fixtureTime,
		Snapshot: policies.SnapshotInfo{
			File:        fixtureFile,
			CollectedAt: fixtureTime.Add(-time.Hour),
			Sources:     []inventory.Source{{Kind: inventory.SourceAWS, Detail: "profile audit", Accounts: []string{fixtureAccount, fixtureAccount2}}},
			Accounts: []policies.AccountInfo{
				{ID: fixtureAccount, Partition: "aws", Regions: []string{"eu-west-1", "us-east-1"}},
				{ID: fixtureAccount2, Partition: "aws", Regions: []string{"eu-west-1"}},
			},
			Stores: len(stores),
			Notes: []inventory.CollectionError{{
				Source: inventory.SourceAWS, AccountID: fixtureAccount2, Region: "eu-west-1", Service: "memorydb",
				Operation: "memorydb:DescribeClusters", Code: "InvalidAction", Message: "The action is not available in this region.",
			}},
		},
		Rules:            fixtureRules(),
		Findings:         findings,
		CollectionErrors: []inventory.CollectionError{denied, throttled},
	}
	for _, s := range stores {
		r.Stores = append(r.Stores, s.StoreInfo)
	}
	r.Summarize()
	r.Gate = &policies.Gate{FailOn: "high", Passed: false, Failing: 3, Reason: "3 failed findings at or above high"}
	return r
}

// largeReport generates a report of n findings over n/5 stores in several regions and two
// accounts, with messages, evidence and log groups of realistic size: the scale the HTML
// and SARIF limits are tested at.
func largeReport(n int) *policies.Report {
	rules := fixtureRules()[:4]
	regions := []string{"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"}
	statusCycle := []policies.Status{policies.StatusPass, policies.StatusFail, policies.StatusPass, policies.StatusUnknown, policies.StatusFail, policies.StatusPass, policies.StatusWaived}
	r := &policies.Report{
		SchemaVersion: policies.ReportVersion,
		Tool:          policies.ToolInfo{Name: "storewatch", Version: "v1.2.3", RulesVersion: "2026.11.1"},
		GeneratedAt:   fixtureTime,
		Snapshot: policies.SnapshotInfo{File: fixtureFile, CollectedAt: fixtureTime,
			Sources:  []inventory.Source{{Kind: inventory.SourceSynthetic, Accounts: []string{fixtureAccount, fixtureAccount2}}},
			Accounts: []policies.AccountInfo{{ID: fixtureAccount, Partition: "aws", Regions: regions}, {ID: fixtureAccount2, Partition: "aws", Regions: regions}}},
		Rules: rules,
	}
	stores := max(n/len(rules), 1)
	r.Findings = make([]policies.Finding, 0, n)
	for s := 0; s < stores && len(r.Findings) < n; s++ {
		acct := fixtureAccount
		if s%3 == 0 {
			acct = fixtureAccount2
		}
		region := regions[s%len(regions)]
		name := fmt.Sprintf("db-%06d", s)
		typ := inventory.TypeDBInstance
		id := "arn:aws:rds:" + region + ":" + acct + ":db:" + name
		if s%4 == 0 {
			typ, name = inventory.TypeS3Bucket, fmt.Sprintf("bucket-%06d", s)
			id = "arn:aws:s3:::" + name
		}
		si := policies.StoreInfo{ID: id, Type: typ, Name: name, AccountID: acct, Region: region, LogGroups: []policies.StoreLogGroup{}}
		if typ == inventory.TypeDBInstance {
			si.Engine = "mysql"
			for _, lt := range []string{"error", "slowquery"} {
				si.LogGroups = append(si.LogGroups, policies.StoreLogGroup{Type: lt, LogGroup: "/aws/rds/instance/" + name + "/" + lt, Found: inventory.StatusYes})
			}
		}
		r.Stores = append(r.Stores, si)
		res := &policies.Resource{ID: id, Type: typ, Name: name, ARN: id, AccountID: acct, Region: region,
			Tags:     map[string]string{"team": fmt.Sprintf("team-%d", s%17), "env": "prod"},
			Location: &policies.Location{File: fixtureFile, StartLine: 10 + s*40, EndLine: 49 + s*40}}
		for ri, rule := range rules {
			if len(r.Findings) == n {
				break
			}
			st := statusCycle[(s+ri)%len(statusCycle)]
			fd := policies.Finding{ID: policies.FindingID(rule.ID, res), RuleID: rule.ID, Severity: rule.Severity, Status: st, Resource: res,
				Message: fmt.Sprintf("%s (%s) does not meet %q in %s", name, typ, rule.Title, region)}
			switch st {
			case policies.StatusFail:
				fd.Evidence = evidenceText(map[string]any{"exported": []any{"error"}, "missing": []any{"audit", "general", "slowquery"}})
			case policies.StatusUnknown:
				fd.Errors = []inventory.CollectionError{{Source: inventory.SourceAWS, AccountID: acct, Region: region, Service: "cloudtrail",
					Operation: "cloudtrail:GetEventSelectors", Code: "AccessDeniedException", Message: "not authorized"}}
			case policies.StatusWaived:
				fd.Waiver = &policies.WaiverRef{Rule: rule.ID, Reason: "accepted risk", Owner: "team@example.com", Expires: fixtureTime.AddDate(0, 3, 0)}
			case policies.StatusPass:
				fd.Message = rule.Title
			}
			r.Findings = append(r.Findings, fd)
		}
	}
	r.Snapshot.Stores = len(r.Stores)
	r.Summarize()
	r.Gate = &policies.Gate{FailOn: "high", Reason: "synthetic"}
	return r
}

// evidenceText is evidence as findings hold it: the JSON text of the decoded value.
func evidenceText(v map[string]any) json.RawMessage {
	text, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return text
}

// decodedEvidence is a finding's evidence decoded as the reference writers read it, with
// numbers as they are written.
func decodedEvidence(ev json.RawMessage) any {
	dec := json.NewDecoder(bytes.NewReader(ev))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		panic(err)
	}
	return v
}
