package aws

import (
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// stsAPI is the part of the STS API the collector calls.
type stsAPI interface {
	GetCallerIdentity(ctx context.Context, in *sts.GetCallerIdentityInput, opts ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error)
}

// organizationsAPI is the part of the Organizations API the collector calls.
type organizationsAPI interface {
	DescribeOrganization(ctx context.Context, in *organizations.DescribeOrganizationInput, opts ...func(*organizations.Options)) (*organizations.DescribeOrganizationOutput, error)
	ListAccounts(ctx context.Context, in *organizations.ListAccountsInput, opts ...func(*organizations.Options)) (*organizations.ListAccountsOutput, error)
}

// ec2API is the part of the EC2 API the collector calls.
type ec2API interface {
	DescribeRegions(ctx context.Context, in *ec2.DescribeRegionsInput, opts ...func(*ec2.Options)) (*ec2.DescribeRegionsOutput, error)
}

// identity is who the collector is in an account.
type identity struct {
	account, partition, arn string
}

func callerIdentity(ctx context.Context, api stsAPI) (identity, error) {
	out, err := api.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return identity{}, err
	}
	arn := aws.ToString(out.Arn)
	partition := "aws"
	if parts := strings.SplitN(arn, ":", 3); len(parts) == 3 && parts[1] != "" {
		partition = parts[1]
	}
	return identity{account: aws.ToString(out.Account), partition: partition, arn: arn}, nil
}

// enabledRegions lists the regions the account can use. Without AllRegions,
// DescribeRegions leaves out the opt-in regions the account has not enabled
// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeRegions.html).
func enabledRegions(ctx context.Context, api ec2API) ([]string, error) {
	out, err := api.DescribeRegions(ctx, &ec2.DescribeRegionsInput{})
	if err != nil {
		return nil, err
	}
	var regions []string
	for _, r := range out.Regions {
		switch aws.ToString(r.OptInStatus) {
		case "", "opt-in-not-required", "opted-in":
			regions = append(regions, aws.ToString(r.RegionName))
		}
	}
	slices.Sort(regions)
	return regions, nil
}

// orgAccount is an account of the organisation.
type orgAccount struct {
	id, name string
}

// activeAccounts lists the organisation's active accounts: suspended and closing
// accounts cannot be entered.
func activeAccounts(ctx context.Context, api organizationsAPI) ([]orgAccount, error) {
	var out []orgAccount
	p := organizations.NewListAccountsPaginator(api, &organizations.ListAccountsInput{},
		func(o *organizations.ListAccountsPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, a := range page.Accounts {
			active := a.State == orgtypes.AccountStateActive
			if a.State == "" {
				active = a.Status == orgtypes.AccountStatusActive
			}
			if active {
				out = append(out, orgAccount{id: aws.ToString(a.Id), name: aws.ToString(a.Name)})
			}
		}
	}
	slices.SortFunc(out, func(a, b orgAccount) int { return strings.Compare(a.id, b.id) })
	return out, nil
}

// organizationID returns the id of the account's organisation, "" when it belongs to
// none.
func organizationID(ctx context.Context, api organizationsAPI) (string, error) {
	out, err := api.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	if isCode(err, "AWSOrganizationsNotInUseException") {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if out.Organization == nil {
		return "", nil
	}
	return aws.ToString(out.Organization.Id), nil
}
