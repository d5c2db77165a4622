package terraform

import (
	"slices"

	"github.com/storewatch/storewatch/inventory"
)

// aws_s3_account_public_access_block sets S3 Block Public Access for a whole account. With a
// bucket's own block it decides whether a trail's log bucket can be public (SW-TI). A plan
// alone otherwise leaves the account's block to --snapshot ("not in plan"); when the plan
// sets it, the plan tells it, and after apply the plan's block is the account's, whatever
// the live account had.

// accountBlock is what a plan leaves as an account's S3 Block Public Access.
type accountBlock struct {
	// block is nil when the plan deletes the account's block and sets none.
	block *inventory.PublicAccessBlock
	// known is false when a flag is known only after apply.
	known bool
}

// codeKnownAfterApply marks a fact the plan sets with a value known only after apply.
const codeKnownAfterApply = "KnownAfterApply"

func attachAccountPublicAccessBlock(c *converter, in *instance) {
	b := accountBlock{block: &inventory.PublicAccessBlock{}, known: true}
	for _, f := range []struct {
		name string
		flag *bool
	}{
		{"block_public_acls", &b.block.BlockPublicACLs},
		{"ignore_public_acls", &b.block.IgnorePublicACLs},
		{"block_public_policy", &b.block.BlockPublicPolicy},
		{"restrict_public_buckets", &b.block.RestrictPublicBuckets},
	} {
		v := c.get(in, f.name)
		if !v.known {
			b.known = false
			continue
		}
		// Every flag defaults to false in this resource.
		*f.flag, _ = v.v.(bool)
	}
	if !b.known {
		b.block = nil
	}
	c.accountBlocks[blockAccount(c, in)] = b
}

func detachAccountPublicAccessBlock(c *converter, in *instance) {
	c.accountBlocks[blockAccount(c, in)] = accountBlock{known: true}
}

// blockAccount is the account the block is for: its account_id, which defaults to the
// provider's account.
func blockAccount(c *converter, in *instance) string {
	if id := c.get(in, "account_id"); id.known && id.str() != "" {
		return id.str()
	}
	return in.account
}

// applyAccountBlocks lays the blocks a plan sets over the snapshot's accounts: the plan's
// block replaces the account's, and the account's failed or missing read of it no longer
// counts. A block known only after apply leaves the account's block undecided.
func applyAccountBlocks(s *inventory.Snapshot, blocks map[string]accountBlock) {
	for i := range s.Accounts {
		a := &s.Accounts[i]
		b, ok := blocks[a.ID]
		if !ok {
			continue
		}
		readsBlock := func(e inventory.CollectionError) bool {
			return e.AccountID == a.ID && e.Resource == "" && slices.Contains(inventory.OpsAccountPublicAccessBlock, e.Operation)
		}
		a.Errors = slices.DeleteFunc(a.Errors, readsBlock)
		s.Errors = slices.DeleteFunc(s.Errors, readsBlock)
		a.S3PublicAccessBlock = b.block
		if !b.known {
			s.Errors = append(s.Errors, inventory.CollectionError{
				Source: inventory.SourceTerraformPlan, AccountID: a.ID, Service: "s3",
				Operation: inventory.OpsAccountPublicAccessBlock[0], Code: codeKnownAfterApply,
				Message: "the plan sets the account's S3 Block Public Access with flags known only after apply",
			})
		}
	}
}
