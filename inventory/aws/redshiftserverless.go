package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/redshiftserverless"

	"github.com/storewatch/storewatch/inventory"
)

// redshiftServerlessAPI is the part of the Redshift Serverless API the collector calls.
type redshiftServerlessAPI interface {
	ListNamespaces(ctx context.Context, in *redshiftserverless.ListNamespacesInput, opts ...func(*redshiftserverless.Options)) (*redshiftserverless.ListNamespacesOutput, error)
}

// collectRedshiftServerless collects the region's Redshift Serverless namespaces, whose
// listing already carries their log exports.
func collectRedshiftServerless(ctx context.Context, s *scope, api redshiftServerlessAPI) error {
	if !s.plan.Has(opListNamespaces) {
		return nil
	}
	var items []inventory.RedshiftServerlessNamespace
	p := redshiftserverless.NewListNamespacesPaginator(api, &redshiftserverless.ListNamespacesInput{},
		func(o *redshiftserverless.ListNamespacesPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			if err := s.listingFailed(ctx, opListNamespaces, err); err != nil {
				return err
			}
			break
		}
		for _, n := range page.Namespaces {
			name := aws.ToString(n.NamespaceName)
			arn := aws.ToString(n.NamespaceArn)
			if arn == "" {
				arn = s.arn("redshift-serverless", "namespace/"+aws.ToString(n.NamespaceId))
			}
			ns := inventory.RedshiftServerlessNamespace{Meta: s.meta(inventory.TypeRedshiftServerlessNamespace, arn, name)}
			for _, l := range n.LogExports {
				ns.LogExports = append(ns.LogExports, string(l))
			}
			items = append(items, ns)
		}
	}
	s.out.add(func(snap *inventory.Snapshot) {
		snap.RedshiftServerlessNamespaces = append(snap.RedshiftServerlessNamespaces, items...)
	})
	return nil
}
