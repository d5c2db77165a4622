package aws

import (
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/storewatch/storewatch/inventory"
)

// kmsAPI is the part of the KMS API the collector calls.
type kmsAPI interface {
	DescribeKey(ctx context.Context, in *kms.DescribeKeyInput, opts ...func(*kms.Options)) (*kms.DescribeKeyOutput, error)
}

// keyRef is a KMS key as a resource names it (key id, key ARN, alias or alias ARN), in the
// region where it must be looked up, with the resources that name it.
type keyRef struct {
	region, id string
	users      []*inventory.Meta
}

// keyRefs gathers the KMS keys the account's resources name, so that only those are
// described: storewatch needs to know who manages a key, not the account's whole key list.
func keyRefs(s *inventory.Snapshot) []*keyRef {
	byKey := map[string]*keyRef{}
	var out []*keyRef
	add := func(id string, m *inventory.Meta) {
		if id == "" {
			return
		}
		region := m.Region
		if r := arnRegion(id); strings.HasPrefix(id, "arn:") && r != "" {
			region = r
		}
		k := region + "|" + id
		r, ok := byKey[k]
		if !ok {
			r = &keyRef{region: region, id: id}
			byKey[k] = r
			out = append(out, r)
		}
		r.users = append(r.users, m)
	}
	for i := range s.Trails {
		add(s.Trails[i].KMSKeyID, &s.Trails[i].Meta)
	}
	for i := range s.EventDataStores {
		add(s.EventDataStores[i].KMSKeyID, &s.EventDataStores[i].Meta)
	}
	for i := range s.LogGroups {
		add(s.LogGroups[i].KMSKeyID, &s.LogGroups[i].Meta)
	}
	for i := range s.SNSTopics {
		add(s.SNSTopics[i].KMSKeyID, &s.SNSTopics[i].Meta)
	}
	for i := range s.DBInstances {
		add(s.DBInstances[i].PerformanceInsightsKMSKeyID, &s.DBInstances[i].Meta)
	}
	slices.SortFunc(out, func(a, b *keyRef) int { return strings.Compare(a.region+a.id, b.region+b.id) })
	return out
}

// collectKeys describes every key the account's resources name. A key that cannot be
// described (another account's key, a denied call) leaves the resources that name it with
// the error, so rules about their key's manager are unknown for them alone.
func collectKeys(ctx context.Context, s *scope, refs []*keyRef, api func(region string) kmsAPI) error {
	keys := make([]*inventory.KMSKey, len(refs))
	err := forEach(ctx, s.detail, len(refs), func(ctx context.Context, i int) error {
		r := refs[i]
		out, err := api(r.region).DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(r.id)})
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			// Each referring resource gets its own record; the resources are disjoint
			// between goroutines only per key, so the account run's lock guards them.
			s.out.add(func(*inventory.Snapshot) {
				for _, m := range r.users {
					s.note(m, r.region, opDescribeKey, err)
				}
			})
			return nil
		}
		md := out.KeyMetadata
		if md == nil {
			return nil
		}
		k := &inventory.KMSKey{
			ARN: aws.ToString(md.Arn), AccountID: aws.ToString(md.AWSAccountId), Region: arnRegion(aws.ToString(md.Arn)),
			KeyManager: string(md.KeyManager), KeyState: string(md.KeyState),
		}
		if alias := aliasName(r.id); alias != "" {
			k.Aliases = []string{alias}
		}
		keys[i] = k
		return nil
	})
	if err != nil {
		return err
	}
	byARN := map[string]*inventory.KMSKey{}
	var merged []inventory.KMSKey
	for _, k := range keys {
		if k == nil {
			continue
		}
		if prev, ok := byARN[k.ARN]; ok {
			prev.Aliases = append(prev.Aliases, k.Aliases...)
			continue
		}
		byARN[k.ARN] = k
	}
	for _, k := range byARN {
		merged = append(merged, *k)
	}
	s.out.add(func(snap *inventory.Snapshot) { snap.KMSKeys = append(snap.KMSKeys, merged...) })
	return nil
}

// aliasName returns "alias/NAME" for an alias or alias ARN, "" for a key.
func aliasName(id string) string {
	if strings.HasPrefix(id, "alias/") {
		return id
	}
	if _, rest, ok := strings.Cut(id, ":alias/"); ok {
		return "alias/" + rest
	}
	return ""
}
