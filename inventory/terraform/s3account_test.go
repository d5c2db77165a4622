package terraform

import (
	"testing"

	"github.com/storewatch/storewatch/inventory"
)

// TestAccountPublicAccessBlock: the account's S3 Block Public Access a plan sets decides
// whether a trail's log bucket with a public policy is public, alone and over the live
// account.
func TestAccountPublicAccessBlock(t *testing.T) {
	const bucket = "payments-cloudtrail-logs"
	publicBucket := map[string]any{"bucket": bucket, "arn": "arn:aws:s3:::" + bucket, "region": "us-east-1",
		"acl": "private", "policy": `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}]}`}
	trail := created("aws_cloudtrail.t", map[string]any{"name": "t", "s3_bucket_name": bucket, "is_multi_region_trail": true,
		"event_selector": []any{}, "advanced_event_selector": []any{}}, map[string]any{"arn": true})
	keep := withActions("aws_s3_bucket.logs", []string{"no-op"}, publicBucket, publicBucket, nil)
	restrictive := map[string]any{"block_public_acls": true, "ignore_public_acls": true, "block_public_policy": true, "restrict_public_buckets": true}
	open := map[string]any{"block_public_acls": false, "ignore_public_acls": false, "block_public_policy": false, "restrict_public_buckets": false}
	failedRead := inventory.CollectionError{AccountID: liveAccount, Service: "s3control", Operation: "s3control:GetPublicAccessBlock", Code: "AccessDenied"}
	tests := []struct {
		name   string
		change *change
		// live, when set, is the live account's block; the plan is merged over it.
		live      *inventory.PublicAccessBlock
		liveError bool
		want      string
	}{
		{name: "no block in the plan: not the plan's to tell", want: inventory.StatusUnknown},
		{name: "restrictive block created", change: ptr(created("aws_s3_account_public_access_block.this", restrictive, map[string]any{"id": true})), want: inventory.StatusNo},
		{name: "open block", change: ptr(created("aws_s3_account_public_access_block.this", open, map[string]any{"id": true})), want: inventory.StatusYes},
		{name: "flags unknown until apply", change: ptr(created("aws_s3_account_public_access_block.this",
			map[string]any{"block_public_acls": true, "ignore_public_acls": true, "block_public_policy": true},
			map[string]any{"id": true, "restrict_public_buckets": true})), want: inventory.StatusUnknown},
		{name: "over a live account whose read failed", change: ptr(created("aws_s3_account_public_access_block.this", restrictive, map[string]any{"id": true})),
			live: &inventory.PublicAccessBlock{}, liveError: true, want: inventory.StatusNo},
		{name: "live restrictive block deleted", change: ptr(deleted("aws_s3_account_public_access_block.this", restrictive)),
			live: &inventory.PublicAccessBlock{IgnorePublicACLs: true, RestrictPublicBuckets: true}, want: inventory.StatusYes},
		{name: "live restrictive block, flags unknown until apply", change: ptr(withActions("aws_s3_account_public_access_block.this", []string{"update"},
			restrictive, map[string]any{"block_public_acls": true, "ignore_public_acls": true, "block_public_policy": true},
			map[string]any{"restrict_public_buckets": true})),
			live: &inventory.PublicAccessBlock{IgnorePublicACLs: true, RestrictPublicBuckets: true}, want: inventory.StatusUnknown},
		{name: "live restrictive block, the plan leaves it alone", live: &inventory.PublicAccessBlock{IgnorePublicACLs: true, RestrictPublicBuckets: true},
			want: inventory.StatusNo},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			changes := []change{trail, keep}
			if tt.change != nil {
				changes = append(changes, *tt.change)
			}
			s := convertPlan(t, planJSON(t, changes, nil), nil).Snapshot
			if tt.live != nil || tt.liveError {
				live := &inventory.Snapshot{
					SchemaVersion: inventory.SchemaVersion,
					Sources:       []inventory.Source{{Kind: inventory.SourceAWS, Accounts: []string{liveAccount}}},
					Accounts: []inventory.Account{{Meta: inventory.Meta{ID: liveAccount, Type: inventory.TypeAccount, AccountID: liveAccount},
						Partition: "aws", Regions: []string{"us-east-1"}, S3PublicAccessBlock: tt.live}},
				}
				if tt.liveError {
					live.Accounts[0].S3PublicAccessBlock = nil
					live.Errors = []inventory.CollectionError{failedRead}
				}
				s = Merge(live, convertPlan(t, planJSON(t, changes, nil), nil))
			}
			inventory.Resolve(s)
			if len(s.Trails) != 1 {
				t.Fatalf("trails: %+v", s.Trails)
			}
			if got := s.Trails[0].Posture.Bucket.Public; got != tt.want {
				t.Errorf("bucket public = %q, want %q (account %+v, errors %+v)", got, tt.want, s.Accounts, s.Errors)
			}
		})
	}
}
