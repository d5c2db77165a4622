package policies

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/storewatch/storewatch/inventory"
)

// Status is the verdict of one rule on one resource.
type Status string

// The statuses. Unknown is never pass: it means the facts the rule needs could not be
// collected, or a plan leaves them unknown until apply.
const (
	StatusPass    Status = "pass"
	StatusFail    Status = "fail"
	StatusUnknown Status = "unknown"
	StatusWaived  Status = "waived"
)

// Finding is one rule's verdict on one resource.
type Finding struct {
	// ID is stable across runs: it derives from the rule id and the resource identity only,
	// so that baselines, waivers and SARIF fingerprints survive reordering and unrelated
	// changes.
	ID       string   `json:"id"`
	RuleID   string   `json:"rule_id"`
	Status   Status   `json:"status"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	// Resource is shared by every finding about the same resource.
	Resource *Resource `json:"resource"`
	// Evidence is what the rule saw: the facts it judged, as the rule returned them.
	Evidence json.RawMessage `json:"evidence,omitempty" jsonschema:"type=object"`
	// Errors are the collection errors that made the finding unknown.
	Errors []inventory.CollectionError `json:"errors,omitempty"`
	// Waiver is set when a waiver hides the finding (status waived) or when an expired
	// waiver no longer does.
	Waiver *WaiverRef `json:"waiver,omitempty"`
	// Baseline is "new" or "existing" when the run compares with a baseline.
	Baseline string `json:"baseline,omitempty"`
}

// Resource identifies the resource a finding is about.
type Resource struct {
	ID        string               `json:"id"`
	Type      string               `json:"type"`
	Name      string               `json:"name"`
	ARN       string               `json:"arn,omitempty"`
	AccountID string               `json:"account_id"`
	Region    string               `json:"region"`
	Tags      map[string]string    `json:"tags,omitempty"`
	Source    *inventory.SourceRef `json:"source,omitempty"`
	// Location is where the resource is written down: the .tf block of a planned resource,
	// or the entry of a live one in the snapshot file the scan wrote. Reporters that need a
	// file (SARIF) read it.
	Location *Location `json:"location,omitempty"`
}

// Location is a span of lines in a repository file.
type Location struct {
	File      string `json:"file"`
	StartLine int    `json:"start_line"`
	EndLine   int    `json:"end_line"`
}

// WaiverRef records the waiver that applies to a finding.
type WaiverRef struct {
	Rule     string            `json:"rule"`
	Resource string            `json:"resource,omitempty"`
	Tags     map[string]string `json:"tags,omitempty"`
	Reason   string            `json:"reason"`
	Owner    string            `json:"owner"`
	// Expires is the last day (UTC) the waiver applies.
	Expires time.Time `json:"expires"`
	Expired bool      `json:"expired"`
}

// FindingID derives the stable id of the finding of a rule on a resource. The account is
// part of the identity because a Terraform address (or a bucket name in an ARN) is unique
// only within one account.
func FindingID(ruleID string, r *Resource) string {
	// One hash per finding, a million at 100,000 stores: hashed from a stack buffer, and
	// only the half of the digest the id keeps is hex-encoded.
	var stack [256]byte
	b := stack[:0]
	for _, part := range []string{ruleID, r.AccountID, r.ID} {
		b = append(b, part...)
		b = append(b, 0)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}
