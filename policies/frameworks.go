package policies

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Framework is a compliance framework the rules map to.
type Framework struct {
	Key   string `json:"key"`
	Title string `json:"title"`
	// Controls are the framework's control titles that storewatch knows, by control id.
	Controls map[string]string `json:"-"`
}

// Frameworks are the frameworks the built-in rules reference. Control titles are the
// frameworks' own (Security Hub control titles, CIS recommendation titles); a control
// without a known title is shown with the titles of the rules that implement it.
var Frameworks = []Framework{
	{Key: FrameworkFSBP, Title: "AWS Foundational Security Best Practices (Security Hub CSPM)", Controls: map[string]string{
		"CloudTrail.1":  "CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events",
		"CloudTrail.2":  "CloudTrail should have encryption at-rest enabled",
		"CloudTrail.3":  "At least one CloudTrail trail should be enabled",
		"CloudTrail.4":  "CloudTrail log file validation should be enabled",
		"CloudTrail.5":  "CloudTrail trails should be integrated with Amazon CloudWatch Logs",
		"CloudTrail.6":  "Ensure the S3 bucket used to store CloudTrail logs is not publicly accessible",
		"CloudTrail.7":  "Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket",
		"CloudTrail.10": "CloudTrail Lake event data stores should be encrypted with a customer managed AWS KMS key",
		"CloudWatch.1":  "A log metric filter and alarm should exist for usage of the root user",
		"CloudWatch.2":  "Ensure a log metric filter and alarm exist for unauthorized API calls",
		"CloudWatch.3":  "Ensure a log metric filter and alarm exist for Management Console sign-in without MFA",
		"CloudWatch.4":  "Ensure a log metric filter and alarm exist for IAM policy changes",
		"CloudWatch.5":  "Ensure a log metric filter and alarm exist for CloudTrail configuration changes",
		"CloudWatch.6":  "Ensure a log metric filter and alarm exist for AWS Management Console authentication failures",
		"CloudWatch.7":  "Ensure a log metric filter and alarm exist for disabling or scheduled deletion of customer created CMKs",
		"CloudWatch.8":  "Ensure a log metric filter and alarm exist for S3 bucket policy changes",
		"CloudWatch.9":  "Ensure a log metric filter and alarm exist for AWS Config configuration changes",
		"CloudWatch.10": "Ensure a log metric filter and alarm exist for security group changes",
		"CloudWatch.11": "Ensure a log metric filter and alarm exist for changes to Network Access Control Lists (NACL)",
		"CloudWatch.12": "Ensure a log metric filter and alarm exist for changes to network gateways",
		"CloudWatch.13": "Ensure a log metric filter and alarm exist for route table changes",
		"CloudWatch.14": "Ensure a log metric filter and alarm exist for VPC changes",
		"CloudWatch.15": "CloudWatch alarms should have specified actions configured",
		"CloudWatch.16": "CloudWatch log groups should be retained for a specified time period",
		"CloudWatch.17": "CloudWatch alarm actions should be activated",
		"S3.9":          "S3 general purpose buckets should have server access logging enabled",
		"S3.11":         "S3 general purpose buckets should have event notifications enabled",
		"S3.22":         "S3 general purpose buckets should log object-level write events",
		"S3.23":         "S3 general purpose buckets should log object-level read events",
		"RDS.6":         "Enhanced monitoring should be configured for RDS DB instances",
		"RDS.9":         "RDS DB instances should publish logs to CloudWatch Logs",
		"RDS.19":        "Existing RDS event notification subscriptions should be configured for critical cluster events",
		"RDS.20":        "Existing RDS event notification subscriptions should be configured for critical database instance events",
		"RDS.21":        "An RDS event notifications subscription should be configured for critical database parameter group events",
		"RDS.22":        "An RDS event notifications subscription should be configured for critical database security group events",
		"RDS.34":        "Aurora MySQL DB clusters should publish audit logs to CloudWatch Logs",
		"RDS.36":        "RDS for PostgreSQL DB instances should publish logs to CloudWatch Logs",
		"RDS.37":        "Aurora PostgreSQL DB clusters should publish logs to CloudWatch Logs",
		"RDS.40":        "RDS for SQL Server DB instances should publish logs to CloudWatch Logs",
		"RDS.42":        "RDS for MariaDB DB instances should publish logs to CloudWatch Logs",
		"RDS.45":        "Aurora MySQL DB clusters should have audit logging enabled",
		"Redshift.4":    "Amazon Redshift clusters should have audit logging enabled",
		"DocumentDB.4":  "Amazon DocumentDB clusters should publish audit logs to CloudWatch Logs",
		"Neptune.2":     "Neptune DB clusters should publish audit logs to CloudWatch Logs",
		"OpenSearch.4":  "OpenSearch domain error logging to CloudWatch Logs should be enabled",
		"OpenSearch.5":  "OpenSearch domains should have audit logging enabled",
	}},
	{Key: FrameworkCIS30, Title: "CIS Amazon Web Services Foundations Benchmark v3.0.0", Controls: map[string]string{
		"3.1":  "Ensure CloudTrail is enabled in all regions",
		"3.2":  "Ensure CloudTrail log file validation is enabled",
		"3.4":  "Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket",
		"3.5":  "Ensure CloudTrail logs are encrypted at rest using KMS CMKs",
		"3.8":  "Ensure that object-level logging for write events is enabled for S3 bucket",
		"3.9":  "Ensure that object-level logging for read events is enabled for S3 bucket",
		"4.1":  "Ensure unauthorized API calls are monitored",
		"4.2":  "Ensure management console sign-in without MFA is monitored",
		"4.3":  "Ensure usage of the 'root' account is monitored",
		"4.4":  "Ensure IAM policy changes are monitored",
		"4.5":  "Ensure CloudTrail configuration changes are monitored",
		"4.6":  "Ensure AWS Management Console authentication failures are monitored",
		"4.7":  "Ensure disabling or scheduled deletion of customer created CMKs is monitored",
		"4.8":  "Ensure S3 bucket policy changes are monitored",
		"4.9":  "Ensure AWS Config configuration changes are monitored",
		"4.10": "Ensure security group changes are monitored",
		"4.11": "Ensure Network Access Control Lists (NACL) changes are monitored",
		"4.12": "Ensure changes to network gateways are monitored",
		"4.13": "Ensure route table changes are monitored",
		"4.14": "Ensure VPC changes are monitored",
		"4.15": "Ensure AWS Organizations changes are monitored",
	}},
	{Key: FrameworkAWSConfig, Title: "AWS Config managed rules", Controls: map[string]string{}},
}

// FrameworkByKey returns a framework by its key.
func FrameworkByKey(key string) (Framework, bool) {
	for _, f := range Frameworks {
		if f.Key == key {
			return f, true
		}
	}
	return Framework{}, false
}

// BuildFrameworkView aggregates the report's findings control by control: the rules that
// map to each control and how many resources passed, failed, were undecided or waived.
func BuildFrameworkView(r *Report, key string) (FrameworkView, error) {
	fw, ok := FrameworkByKey(key)
	if !ok {
		keys := make([]string, len(Frameworks))
		for i, f := range Frameworks {
			keys[i] = f.Key
		}
		return FrameworkView{}, fmt.Errorf("unknown framework %q (want one of %s)", key, strings.Join(keys, ", "))
	}
	controls := map[string]*ControlView{}
	ruleControls := map[string][]string{}
	for _, rule := range r.Rules {
		for _, c := range rule.Frameworks[key] {
			cv := controls[c]
			if cv == nil {
				cv = &ControlView{Control: c, Title: fw.Controls[c]}
				controls[c] = cv
			}
			cv.Rules = append(cv.Rules, rule.ID)
			if cv.Title == "" {
				cv.Title = rule.Title
			}
			ruleControls[rule.ID] = append(ruleControls[rule.ID], c)
		}
	}
	for _, f := range r.Findings {
		for _, c := range ruleControls[f.RuleID] {
			cv := controls[c]
			switch f.Status {
			case StatusPass:
				cv.Pass++
			case StatusFail:
				cv.Fail++
			case StatusUnknown:
				cv.Unknown++
			case StatusWaived:
				cv.Waived++
			}
		}
	}
	view := FrameworkView{Framework: key, Title: fw.Title, Controls: make([]ControlView, 0, len(controls))}
	for _, cv := range controls {
		switch {
		case cv.Fail > 0:
			cv.Status = string(StatusFail)
		case cv.Unknown > 0:
			cv.Status = string(StatusUnknown)
		case cv.Pass > 0 || cv.Waived > 0:
			cv.Status = string(StatusPass)
		default:
			cv.Status = "not_applicable"
		}
		slices.Sort(cv.Rules)
		view.Controls = append(view.Controls, *cv)
	}
	slices.SortFunc(view.Controls, func(a, b ControlView) int { return compareControlIDs(a.Control, b.Control) })
	return view, nil
}

// compareControlIDs orders "CloudTrail.2" before "CloudTrail.10" and "4.2" before "4.10".
func compareControlIDs(a, b string) int {
	pa, pb := splitControl(a), splitControl(b)
	for i := 0; i < len(pa) && i < len(pb); i++ {
		na, ea := strconv.Atoi(pa[i])
		nb, eb := strconv.Atoi(pb[i])
		switch {
		case ea == nil && eb == nil && na != nb:
			return na - nb
		case (ea != nil || eb != nil) && pa[i] != pb[i]:
			return strings.Compare(pa[i], pb[i])
		}
	}
	return len(pa) - len(pb)
}

func splitControl(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == '-' })
}
