package awstest

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestOperation(t *testing.T) {
	auth := func(svc string) string {
		return "AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/" + svc + "/aws4_request, SignedHeaders=host, Signature=x"
	}
	tests := []struct {
		name, method, target, service, header, body, want string
	}{
		{"json target", "POST", "/", "cloudtrail", "CloudTrail_20131101.DescribeTrails", "", "cloudtrail:DescribeTrails"},
		{"query action", "POST", "/", "rds", "", "Action=DescribeDBInstances&Version=2014-10-31", "rds:DescribeDBInstances"},
		{"cloudwatch signing name", "POST", "/", "monitoring", "", "Action=DescribeAlarms", "cloudwatch:DescribeAlarms"},
		{"cbor path", "POST", "/service/GraniteServiceVersion20100801/operation/DescribeAlarms", "monitoring", "", "", "cloudwatch:DescribeAlarms"},
		{"s3 list", "GET", "/", "s3", "", "", "s3:ListBuckets"},
		{"s3 logging", "GET", "/b?logging", "s3", "", "", "s3:GetBucketLogging"},
		{"s3 metrics list", "GET", "/b?metrics", "s3", "", "", "s3:ListBucketMetricsConfigurations"},
		{"s3 put policy is not read-only", "PUT", "/b?policy", "s3", "", "", "s3:PUT ?policy"},
		{"s3 control", "GET", "/v20180820/configuration/publicAccessBlock", "s3", "", "", "s3control:GetPublicAccessBlock"},
		{"opensearch describe", "POST", "/2021-01-01/opensearch/domain-info", "es", "", "", "es:DescribeDomains"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, tt.target, strings.NewReader(tt.body))
			r.Header.Set("Authorization", auth(tt.service))
			if tt.header != "" {
				r.Header.Set("X-Amz-Target", tt.header)
			}
			if tt.body != "" {
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
			}
			svc, region := credentialScope(r.Header.Get("Authorization"))
			if region != "eu-west-1" {
				t.Errorf("region = %q", region)
			}
			if got := operation(r, svc, []byte(tt.body)); got != tt.want {
				t.Errorf("operation = %q, want %q", got, tt.want)
			}
		})
	}
	for op, want := range map[string]bool{"s3:GetBucketAcl": true, "sts:AssumeRole": true, "s3:PUT ?policy": false, "rds:ModifyDBInstance": false} {
		if IsReadOnly(op) != want {
			t.Errorf("IsReadOnly(%q) = %v", op, !want)
		}
	}
}

func TestBucket(t *testing.T) {
	start := time.Unix(0, 0)
	at := func(ms int) time.Time { return start.Add(time.Duration(ms) * time.Millisecond) }
	tests := []struct {
		name  string
		burst int
		calls []int // milliseconds after the start
		want  []bool
	}{
		{"burst then refill", 2, []int{0, 0, 0, 50, 60, 100}, []bool{true, true, false, true, false, true}},
		{"paced at the rate", 1, []int{0, 50, 100, 150}, []bool{true, true, true, true}},
		{"faster than the rate", 1, []int{0, 30, 60}, []bool{true, false, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bucket
			for i, ms := range tt.calls {
				if got := b.take(at(ms), 20, tt.burst); got != tt.want[i] {
					t.Errorf("call %d at %dms admitted = %v, want %v", i, ms, got, tt.want[i])
				}
			}
		})
	}
}
