package aws

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/storewatch/storewatch/inventory"
)

// cloudTrailAPI is the part of the CloudTrail API the collector calls.
type cloudTrailAPI interface {
	DescribeTrails(ctx context.Context, in *cloudtrail.DescribeTrailsInput, opts ...func(*cloudtrail.Options)) (*cloudtrail.DescribeTrailsOutput, error)
	GetTrailStatus(ctx context.Context, in *cloudtrail.GetTrailStatusInput, opts ...func(*cloudtrail.Options)) (*cloudtrail.GetTrailStatusOutput, error)
	GetEventSelectors(ctx context.Context, in *cloudtrail.GetEventSelectorsInput, opts ...func(*cloudtrail.Options)) (*cloudtrail.GetEventSelectorsOutput, error)
	GetInsightSelectors(ctx context.Context, in *cloudtrail.GetInsightSelectorsInput, opts ...func(*cloudtrail.Options)) (*cloudtrail.GetInsightSelectorsOutput, error)
	ListEventDataStores(ctx context.Context, in *cloudtrail.ListEventDataStoresInput, opts ...func(*cloudtrail.Options)) (*cloudtrail.ListEventDataStoresOutput, error)
	GetEventDataStore(ctx context.Context, in *cloudtrail.GetEventDataStoreInput, opts ...func(*cloudtrail.Options)) (*cloudtrail.GetEventDataStoreOutput, error)
}

// listTrails lists the trails visible in the scope's region. DescribeTrails with
// includeShadowTrails lists a multi-Region trail in every region and an organisation
// trail in every member account; the caller keeps each trail once, by ARN, and reads its
// details in its home region
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-trails).
// DescribeTrails has no pagination: one call answers for the region.
func listTrails(ctx context.Context, s *scope, api cloudTrailAPI) ([]cttypes.Trail, error) {
	out, err := api.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{IncludeShadowTrails: aws.Bool(true)})
	if err != nil {
		return nil, s.listingFailed(ctx, opDescribeTrails, err)
	}
	return out.TrailList, nil
}

// trailFromAPI converts a listed trail. An organisation trail seen from a member account
// keeps the owner's account id, taken from its ARN.
func trailFromAPI(t cttypes.Trail) inventory.Trail {
	arn := aws.ToString(t.TrailARN)
	home := aws.ToString(t.HomeRegion)
	return inventory.Trail{
		Meta: inventory.Meta{
			ID: arn, Type: inventory.TypeTrail, ARN: arn, Name: aws.ToString(t.Name),
			AccountID: arnAccount(arn), Region: home,
		},
		HomeRegion:                 home,
		IsMultiRegion:              aws.ToBool(t.IsMultiRegionTrail),
		IsOrganizationTrail:        aws.ToBool(t.IsOrganizationTrail),
		IncludeGlobalServiceEvents: aws.ToBool(t.IncludeGlobalServiceEvents),
		LogFileValidationEnabled:   aws.ToBool(t.LogFileValidationEnabled),
		KMSKeyID:                   aws.ToString(t.KmsKeyId),
		CloudWatchLogsLogGroupARN:  aws.ToString(t.CloudWatchLogsLogGroupArn),
		CloudWatchLogsRoleARN:      aws.ToString(t.CloudWatchLogsRoleArn),
		S3BucketName:               aws.ToString(t.S3BucketName),
		S3KeyPrefix:                aws.ToString(t.S3KeyPrefix),
		SNSTopicARN:                aws.ToString(t.SnsTopicARN),
	}
}

// trailDetails reads a trail's status, selectors and insight selectors. s must be the
// trail's home region. The trail is addressed by ARN, which a member account needs for an
// organisation trail.
func trailDetails(ctx context.Context, s *scope, api cloudTrailAPI, t *inventory.Trail) error {
	name := aws.String(t.ARN)
	if s.plan.Has(opGetTrailStatus) {
		st, err := api.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: name})
		if err != nil {
			if err := s.failed(ctx, &t.Meta, opGetTrailStatus, err); err != nil {
				return err
			}
		} else {
			t.Status = &inventory.TrailStatus{
				IsLogging:                         aws.ToBool(st.IsLogging),
				LatestDeliveryError:               aws.ToString(st.LatestDeliveryError),
				LatestDeliveryTime:                st.LatestDeliveryTime,
				LatestDigestDeliveryError:         aws.ToString(st.LatestDigestDeliveryError),
				LatestDigestDeliveryTime:          st.LatestDigestDeliveryTime,
				LatestCloudWatchLogsDeliveryError: aws.ToString(st.LatestCloudWatchLogsDeliveryError),
				LatestCloudWatchLogsDeliveryTime:  st.LatestCloudWatchLogsDeliveryTime,
			}
		}
	}
	if s.plan.Has(opGetEventSelectors) {
		sel, err := api.GetEventSelectors(ctx, &cloudtrail.GetEventSelectorsInput{TrailName: name})
		if err != nil {
			if err := s.failed(ctx, &t.Meta, opGetEventSelectors, err); err != nil {
				return err
			}
		} else {
			t.EventSelectors, t.AdvancedEventSelectors = selectorsFromAPI(sel)
		}
	}
	if s.plan.Has(opGetInsightSelectors) {
		ins, err := api.GetInsightSelectors(ctx, &cloudtrail.GetInsightSelectorsInput{TrailName: name})
		switch {
		case isCode(err, "InsightNotEnabledException"):
			// A trail without Insights answers with this error, not with an empty list.
		case err != nil:
			if err := s.failed(ctx, &t.Meta, opGetInsightSelectors, err); err != nil {
				return err
			}
		default:
			for _, i := range ins.InsightSelectors {
				t.InsightTypes = append(t.InsightTypes, string(i.InsightType))
			}
		}
	}
	return nil
}

// selectorsFromAPI converts a trail's selectors. A trail never given selectors records
// all read and write management events; AWS reports that default as one basic selector,
// but some implementations answer with nothing, so the collector writes the default down
// itself: in the snapshot an empty list always means "records nothing".
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html)
func selectorsFromAPI(out *cloudtrail.GetEventSelectorsOutput) ([]inventory.EventSelector, []inventory.AdvancedEventSelector) {
	var basic []inventory.EventSelector
	var advanced []inventory.AdvancedEventSelector
	for _, e := range out.EventSelectors {
		sel := inventory.EventSelector{
			ReadWriteType:                 string(e.ReadWriteType),
			IncludeManagementEvents:       aws.ToBool(e.IncludeManagementEvents),
			ExcludeManagementEventSources: e.ExcludeManagementEventSources,
		}
		if sel.ReadWriteType == "" {
			sel.ReadWriteType = string(cttypes.ReadWriteTypeAll)
		}
		for _, d := range e.DataResources {
			sel.DataResources = append(sel.DataResources, inventory.DataResource{Type: aws.ToString(d.Type), Values: d.Values})
		}
		basic = append(basic, sel)
	}
	for _, a := range out.AdvancedEventSelectors {
		sel := inventory.AdvancedEventSelector{Name: aws.ToString(a.Name)}
		for _, f := range a.FieldSelectors {
			sel.FieldSelectors = append(sel.FieldSelectors, inventory.FieldSelector{
				Field: aws.ToString(f.Field), Equals: f.Equals, StartsWith: f.StartsWith, EndsWith: f.EndsWith,
				NotEquals: f.NotEquals, NotStartsWith: f.NotStartsWith, NotEndsWith: f.NotEndsWith,
			})
		}
		advanced = append(advanced, sel)
	}
	if len(basic) == 0 && len(advanced) == 0 {
		basic = []inventory.EventSelector{{ReadWriteType: string(cttypes.ReadWriteTypeAll), IncludeManagementEvents: true}}
	}
	return basic, advanced
}

// collectEventDataStores lists the region's CloudTrail Lake event data stores; the KMS key
// is only in each store's own description.
func collectEventDataStores(ctx context.Context, s *scope, api cloudTrailAPI) error {
	var stores []inventory.EventDataStore
	p := cloudtrail.NewListEventDataStoresPaginator(api, &cloudtrail.ListEventDataStoresInput{},
		func(o *cloudtrail.ListEventDataStoresPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			if err := s.listingFailed(ctx, opListEventDataStores, err); err != nil {
				return err
			}
			break
		}
		for _, e := range page.EventDataStores {
			arn := aws.ToString(e.EventDataStoreArn)
			stores = append(stores, inventory.EventDataStore{Meta: s.meta(inventory.TypeEventDataStore, arn, aws.ToString(e.Name))})
		}
	}
	// The listing no longer reports a store's settings; its description does.
	err := forEach(ctx, s.detail, len(stores), func(ctx context.Context, i int) error {
		d := &stores[i]
		out, err := api.GetEventDataStore(ctx, &cloudtrail.GetEventDataStoreInput{EventDataStore: aws.String(d.ARN)})
		if err != nil {
			return s.failed(ctx, &d.Meta, opGetEventDataStore, err)
		}
		d.Status = string(out.Status)
		d.KMSKeyID = aws.ToString(out.KmsKeyId)
		d.MultiRegion = aws.ToBool(out.MultiRegionEnabled)
		d.Organization = aws.ToBool(out.OrganizationEnabled)
		d.RetentionPeriod = int(aws.ToInt32(out.RetentionPeriod))
		return nil
	})
	if err != nil {
		return err
	}
	s.out.add(func(snap *inventory.Snapshot) { snap.EventDataStores = append(snap.EventDataStores, stores...) })
	return nil
}

// arnAccount returns the account id field of an ARN.
func arnAccount(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return ""
	}
	return parts[4]
}

// arnRegion returns the region field of an ARN.
func arnRegion(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return ""
	}
	return parts[3]
}

// collectCloudTrail collects the trails homed in the scope's region and its event data
// stores. Trails listed here but homed elsewhere are handed to the account run, which
// reads each of them once, in its home region, after every region was listed.
func collectCloudTrail(ctx context.Context, s *scope, api cloudTrailAPI) error {
	if s.plan.Has(opDescribeTrails) {
		listed, err := listTrails(ctx, s, api)
		if err != nil {
			return err
		}
		var own []inventory.Trail
		for _, t := range listed {
			tr := trailFromAPI(t)
			if tr.AccountID != s.account {
				// Another account's trail listed here is an organisation trail that records
				// this account, whether or not the account's organisation can be read.
				tr.ListedBy = []string{s.account}
			}
			if tr.HomeRegion == s.region || tr.HomeRegion == "" {
				tr.HomeRegion, tr.Region = s.region, s.region
				own = append(own, tr)
				continue
			}
			s.out.seeTrailElsewhere(tr)
		}
		if err := forEach(ctx, s.detail, len(own), func(ctx context.Context, i int) error {
			return trailDetails(ctx, s, api, &own[i])
		}); err != nil {
			return err
		}
		s.out.add(func(snap *inventory.Snapshot) { snap.Trails = append(snap.Trails, own...) })
	}
	if s.plan.Has(opListEventDataStores) {
		return collectEventDataStores(ctx, s, api)
	}
	return nil
}
