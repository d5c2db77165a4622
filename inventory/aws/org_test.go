package aws

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/storewatch/storewatch/internal/awstest"
	"github.com/storewatch/storewatch/inventory"
)

// TestEmulatorOrganization scans an organisation of three accounts: the management
// account, a member entered through the organisation role, and a member whose role
// cannot be assumed, which is recorded and does not stop the scan.
func TestEmulatorOrganization(t *testing.T) {
	m := awstest.StartMoto(t)
	ctx := context.Background()
	mgmt := awstest.Config(m.URL, awstest.RegionA)
	org := organizations.NewFromConfig(mgmt)
	if _, err := org.CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: orgtypes.OrganizationFeatureSetAll}); err != nil {
		t.Fatal(err)
	}
	var members []string
	for _, name := range []string{"workload", "locked"} {
		out, err := org.CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: aws.String(name), Email: aws.String(name + "@example.com")})
		if err != nil {
			t.Fatal(err)
		}
		members = append(members, aws.ToString(out.CreateAccountStatus.AccountId))
	}
	// Seed the workload account through its organisation role, as the scan will enter it.
	role := "arn:aws:iam::" + members[0] + ":role/OrganizationAccountAccessRole"
	creds, err := sts.NewFromConfig(mgmt).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String(role), RoleSessionName: aws.String("seed")})
	if err != nil {
		t.Fatal(err)
	}
	member := mgmt.Copy()
	member.Credentials = credentials.NewStaticCredentialsProvider(aws.ToString(creds.Credentials.AccessKeyId),
		aws.ToString(creds.Credentials.SecretAccessKey), aws.ToString(creds.Credentials.SessionToken))
	_, err = dynamodb.NewFromConfig(member).CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String("workload-items"),
		AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: ddbtypes.ScalarAttributeTypeS}},
		KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: ddbtypes.KeyTypeHash}},
		BillingMode:          ddbtypes.BillingModePayPerRequest,
	})
	if err != nil {
		t.Fatal(err)
	}

	p, err := awstest.NewProxy(t, m.URL)
	if err != nil {
		t.Fatal(err)
	}
	p.Inject(awstest.Fault{Operation: "sts:AssumeRole", Body: members[1], Kind: awstest.AccessDenied})
	plan, _ := NewPlan([]string{"dynamodb:ListTables"}, PlanOptions{Organization: true})
	snap, err := Collect(ctx, Options{
		Config: awstest.Config(p.URL, awstest.RegionA), Regions: []string{awstest.RegionA},
		Org: true, OrgRole: "OrganizationAccountAccessRole", Plan: plan,
		MaxBackoff: 50 * time.Millisecond, Now: func() time.Time { return fixedNow },
	})
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	if len(snap.Accounts) != 3 {
		t.Fatalf("accounts = %d, want 3", len(snap.Accounts))
	}
	tables := map[string]string{}
	for _, tb := range snap.DynamoDBTables {
		tables[tb.Name] = tb.AccountID
	}
	if tables["workload-items"] != members[0] {
		t.Errorf("tables = %v, want workload-items in %s", tables, members[0])
	}
	var assumeDenied, listUnreachable bool
	for _, e := range snap.Errors {
		if e.AccountID != members[1] {
			continue
		}
		switch {
		case e.Operation == "sts:AssumeRole" && e.Code == "AccessDenied":
			assumeDenied = true
		case e.Operation == "dynamodb:ListTables" && e.Code == inventory.CodeAccountUnreachable:
			listUnreachable = true
		}
	}
	if !assumeDenied || !listUnreachable {
		t.Errorf("errors of the locked account = %+v, want the AssumeRole denial and every planned operation unreachable", snap.Errors)
	}
	if len(snap.Sources) != 1 || len(snap.Sources[0].Accounts) != 2 {
		t.Errorf("sources = %+v, want the two accounts collected", snap.Sources)
	}
}
