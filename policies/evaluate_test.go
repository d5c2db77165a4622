package policies

import (
	"testing"

	"github.com/storewatch/storewatch/inventory"
)

func TestUnknownMessage(t *testing.T) {
	tests := []struct {
		name string
		errs []inventory.CollectionError
		want string
	}{
		{"with a message", []inventory.CollectionError{{Operation: "s3:GetBucketLogging", Region: "eu-west-1", Code: "AccessDenied", Message: "not authorized"}},
			"could not collect s3:GetBucketLogging (eu-west-1, AccessDenied): not authorized"},
		{"without a message", []inventory.CollectionError{{Operation: "s3:GetPublicAccessBlock", Region: "us-east-1", Code: "AccessDenied"}},
			"could not collect s3:GetPublicAccessBlock (us-east-1, AccessDenied)"},
		{"global", []inventory.CollectionError{{Operation: "iam:GetAccountSummary", Code: "Throttling", Message: "rate exceeded"}},
			"could not collect iam:GetAccountSummary (global, Throttling): rate exceeded"},
		{"not called", []inventory.CollectionError{{Operation: "s3:GetBucketLogging", Code: inventory.CodeNotCollected, Message: "--skip-operation"}},
			"s3:GetBucketLogging was not called by the collection (" + inventory.CodeNotCollected + ": --skip-operation)"},
		{"not called, no reason", []inventory.CollectionError{{Operation: "s3:GetBucketLogging", Code: inventory.CodeNotCollected}},
			"s3:GetBucketLogging was not called by the collection (" + inventory.CodeNotCollected + ")"},
		{"several", []inventory.CollectionError{{Operation: "a:B", Region: "r", Code: "C", Message: "m"}, {Operation: "d:E"}, {Operation: "f:G"}},
			"could not collect a:B (r, C): m (and 2 more collection errors)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := UnknownMessage(tt.errs); got != tt.want {
				t.Errorf("UnknownMessage = %q, want %q", got, tt.want)
			}
		})
	}
}
