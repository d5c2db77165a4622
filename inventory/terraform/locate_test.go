package terraform

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/inventory"
)

const providersTF = `provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

provider "aws" {
  alias  = "audit"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::999988887777:role/audit"
  }
}
`

const providersMain = `resource "aws_sns_topic" "home" {
  name = "home"
}

resource "aws_sns_topic" "west" {
  provider = aws.west
  name     = "west"
}

resource "aws_sns_topic" "audit" {
  provider = aws.audit
  name     = "audit"
}
`

// multiProviderPlan is providersMain planned: three topics, each through its own provider
// configuration (the default one, an alias for another region, an alias for another
// account).
func multiProviderPlan(t *testing.T) []byte {
	t.Helper()
	topic := func(name string) change {
		return created("aws_sns_topic."+name, map[string]any{"name": name}, map[string]any{"arn": true, "id": true})
	}
	resource := func(name, provider string) map[string]any {
		return map[string]any{"address": "aws_sns_topic." + name, "mode": "managed", "type": "aws_sns_topic", "name": name,
			"provider_config_key": provider, "expressions": map[string]any{"name": map[string]any{"constant_value": name}}, "schema_version": 0}
	}
	doc := map[string]any{}
	if err := json.Unmarshal(planJSON(t, []change{topic("home"), topic("west"), topic("audit")}, map[string]any{
		"resources": []any{resource("home", "aws"), resource("west", "aws.west"), resource("audit", "aws.audit")},
	}), &doc); err != nil {
		t.Fatal(err)
	}
	full := "registry.terraform.io/hashicorp/aws"
	doc["configuration"].(map[string]any)["provider_config"] = map[string]any{
		"aws": map[string]any{"name": "aws", "full_name": full,
			"expressions": map[string]any{"region": map[string]any{"constant_value": "eu-west-1"}}},
		"aws.west": map[string]any{"name": "aws", "full_name": full, "alias": "west",
			"expressions": map[string]any{"region": map[string]any{"constant_value": "us-west-2"}}},
		"aws.audit": map[string]any{"name": "aws", "full_name": full, "alias": "audit",
			"expressions": map[string]any{"region": map[string]any{"constant_value": "eu-west-1"},
				"assume_role": []any{map[string]any{"role_arn": map[string]any{"constant_value": "arn:aws:iam::999988887777:role/audit"}}}}},
	}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestProviderLocations: the account and region items (where account- and region-wide
// findings point) are located at the provider block that configures them, not at the
// default provider block whatever the region or account.
func TestProviderLocations(t *testing.T) {
	s := convertPlan(t, multiProviderPlan(t), map[string]string{"providers.tf": providersTF, "main.tf": providersMain}).Snapshot
	const p = `provider["registry.terraform.io/hashicorp/aws"]`
	home := &inventory.SourceRef{Address: p, File: "providers.tf", StartLine: 1, EndLine: 3}
	west := &inventory.SourceRef{Address: p + ".west", File: "providers.tf", StartLine: 5, EndLine: 8}
	audit := &inventory.SourceRef{Address: p + ".audit", File: "providers.tf", StartLine: 10, EndLine: 16}
	got := map[string]*inventory.SourceRef{}
	for _, a := range s.Accounts {
		got[a.ID] = a.Source
	}
	for _, r := range s.Regions {
		got[r.ID] = r.Source
	}
	want := map[string]*inventory.SourceRef{
		UnknownAccount:                home,
		UnknownAccount + "/eu-west-1": home,
		UnknownAccount + "/us-west-2": west,
		"999988887777":                audit,
		"999988887777/eu-west-1":      audit,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("account and region sources (-want +got):\n%s", diff)
	}

	// Without the .tf files only the provider's address is known.
	s = convertPlan(t, multiProviderPlan(t), nil).Snapshot
	for _, r := range s.Regions {
		if r.ID == UnknownAccount+"/us-west-2" && (r.Source == nil || r.Source.Address != p+".west" || r.Source.File != "") {
			t.Errorf("%s without the configuration: %+v", r.ID, r.Source)
		}
	}
}

// TestMovedSource: a resource a moved block renamed keeps its previous address in its
// source, so that its known findings (a baseline) follow it.
func TestMovedSource(t *testing.T) {
	c := withActions("aws_sns_topic.db_alerts", []string{"no-op"}, map[string]any{"name": "alerts"}, map[string]any{"name": "alerts"}, nil)
	doc := map[string]any{}
	if err := json.Unmarshal(planJSON(t, []change{c}, nil), &doc); err != nil {
		t.Fatal(err)
	}
	doc["resource_changes"].([]any)[0].(map[string]any)["previous_address"] = "aws_sns_topic.alerts"
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	s := convertPlan(t, data, nil).Snapshot
	if len(s.SNSTopics) != 1 {
		t.Fatalf("topics: %+v", s.SNSTopics)
	}
	want := &inventory.SourceRef{Address: "aws_sns_topic.db_alerts", PreviousAddress: "aws_sns_topic.alerts"}
	if diff := cmp.Diff(want, s.SNSTopics[0].Source); diff != "" {
		t.Errorf("source (-want +got):\n%s", diff)
	}
}
