package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3control"

	"github.com/storewatch/storewatch/inventory"
)

// s3ControlAPI is the part of the S3 Control API the collector calls.
type s3ControlAPI interface {
	GetPublicAccessBlock(ctx context.Context, in *s3control.GetPublicAccessBlockInput, opts ...func(*s3control.Options)) (*s3control.GetPublicAccessBlockOutput, error)
}

// accountPublicAccessBlock reads the account-level S3 public access block; nil when the
// account has none configured.
func accountPublicAccessBlock(ctx context.Context, s *scope, api s3ControlAPI) (*inventory.PublicAccessBlock, error) {
	out, err := api.GetPublicAccessBlock(ctx, &s3control.GetPublicAccessBlockInput{AccountId: aws.String(s.account)})
	switch {
	case isCode(err, "NoSuchPublicAccessBlockConfiguration"):
		return nil, nil
	case err != nil:
		return nil, s.listingFailed(ctx, opGetAccountPublicAccessBlock, err)
	}
	c := out.PublicAccessBlockConfiguration
	if c == nil {
		return nil, nil
	}
	return &inventory.PublicAccessBlock{
		BlockPublicACLs: aws.ToBool(c.BlockPublicAcls), IgnorePublicACLs: aws.ToBool(c.IgnorePublicAcls),
		BlockPublicPolicy: aws.ToBool(c.BlockPublicPolicy), RestrictPublicBuckets: aws.ToBool(c.RestrictPublicBuckets),
	}, nil
}
