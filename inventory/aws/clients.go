package aws

import (
	"context"
	"net"
	"net/url"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwschemas "github.com/aws/aws-sdk-go-v2/service/cloudwatch/schemas"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/memorydb"
	"github.com/aws/aws-sdk-go-v2/service/opensearch"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/redshift"
	"github.com/aws/aws-sdk-go-v2/service/redshiftserverless"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	smithyendpoints "github.com/aws/smithy-go/endpoints"
	"github.com/aws/smithy-go/transport/http/protocol/awsquery"
)

// Endpoints sends the collector somewhere other than AWS's public endpoints: an
// emulator, a VPC or FIPS endpoint. AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>
// work as well, through the SDK's configuration.
type Endpoints struct {
	// URL is the endpoint of every service.
	URL string
	// Services maps a service prefix (s3, logs, es, ...) to its endpoint.
	Services map[string]string
}

// envNames are the AWS_ENDPOINT_URL_<SERVICE> suffixes of the services whose client
// needs to know that its endpoint is not AWS's.
var envNames = map[string]string{"cloudwatch": "CLOUDWATCH", "s3": "S3", "s3control": "S3_CONTROL"}

// clientFactory builds the SDK clients of one account, one per service and region, on
// first use.
type clientFactory struct {
	cfg       aws.Config
	endpoints Endpoints
	getenv    func(string) string
	mu        sync.Mutex
	clients   map[string]any
}

func (f *clientFactory) get(service, region string, mk func() any) any {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.clients == nil {
		f.clients = map[string]any{}
	}
	k := service + "|" + region
	c, ok := f.clients[k]
	if !ok {
		c = mk()
		f.clients[k] = c
	}
	return c
}

// endpoint returns the endpoint override of a service, "" for AWS's own.
func (f *clientFactory) endpoint(service string) string {
	if u := f.endpoints.Services[service]; u != "" {
		return u
	}
	return f.endpoints.URL
}

// overridden reports whether a service is sent to an endpoint other than AWS's, by our
// options or by the SDK's configuration.
func (f *clientFactory) overridden(service string) bool {
	if f.endpoint(service) != "" || f.cfg.BaseEndpoint != nil {
		return true
	}
	if env, ok := envNames[service]; ok && f.getenv != nil && f.getenv("AWS_ENDPOINT_URL_"+env) != "" {
		return true
	}
	return false
}

func (f *clientFactory) base(service string) *string {
	if u := f.endpoint(service); u != "" {
		return aws.String(u)
	}
	return nil
}

func (f *clientFactory) cloudTrail(region string) cloudTrailAPI {
	return f.get("cloudtrail", region, func() any {
		return cloudtrail.NewFromConfig(f.cfg, func(o *cloudtrail.Options) {
			o.Region = region
			o.BaseEndpoint = or(f.base("cloudtrail"), o.BaseEndpoint)
		})
	}).(cloudTrailAPI)
}

func (f *clientFactory) cloudWatch(region string) cloudWatchAPI {
	return f.get("cloudwatch", region, func() any {
		return cloudwatch.NewFromConfig(f.cfg, func(o *cloudwatch.Options) {
			o.Region = region
			o.BaseEndpoint = or(f.base("cloudwatch"), o.BaseEndpoint)
			if f.overridden("cloudwatch") {
				// CloudWatch speaks CBOR by default, which emulators do not; every
				// CloudWatch endpoint, AWS's included, still speaks the query protocol.
				o.Protocol = awsquery.New(cwschemas.GraniteServiceVersion20100801)
			}
		})
	}).(cloudWatchAPI)
}

func (f *clientFactory) logs(region string) logsAPI {
	return f.get("logs", region, func() any {
		return cloudwatchlogs.NewFromConfig(f.cfg, func(o *cloudwatchlogs.Options) {
			o.Region = region
			o.BaseEndpoint = or(f.base("logs"), o.BaseEndpoint)
		})
	}).(logsAPI)
}

func (f *clientFactory) sns(region string) snsAPI {
	return f.get("sns", region, func() any {
		return sns.NewFromConfig(f.cfg, func(o *sns.Options) { o.Region = region; o.BaseEndpoint = or(f.base("sns"), o.BaseEndpoint) })
	}).(snsAPI)
}

func (f *clientFactory) rds(region string) rdsAPI {
	return f.get("rds", region, func() any {
		return rds.NewFromConfig(f.cfg, func(o *rds.Options) { o.Region = region; o.BaseEndpoint = or(f.base("rds"), o.BaseEndpoint) })
	}).(rdsAPI)
}

func (f *clientFactory) dynamoDB(region string) dynamoDBAPI {
	return f.get("dynamodb", region, func() any {
		return dynamodb.NewFromConfig(f.cfg, func(o *dynamodb.Options) { o.Region = region; o.BaseEndpoint = or(f.base("dynamodb"), o.BaseEndpoint) })
	}).(dynamoDBAPI)
}

func (f *clientFactory) autoScaling(region string) autoScalingAPI {
	return f.get("application-autoscaling", region, func() any {
		return applicationautoscaling.NewFromConfig(f.cfg, func(o *applicationautoscaling.Options) {
			o.Region = region
			o.BaseEndpoint = or(f.base("application-autoscaling"), o.BaseEndpoint)
		})
	}).(autoScalingAPI)
}

func (f *clientFactory) s3(region string) s3API {
	return f.get("s3", region, func() any {
		return s3.NewFromConfig(f.cfg, func(o *s3.Options) {
			o.Region = region
			o.BaseEndpoint = or(f.base("s3"), o.BaseEndpoint)
			// Virtual-hosted buckets need DNS names for each bucket; an emulator or a
			// private endpoint has one host name.
			o.UsePathStyle = o.UsePathStyle || f.overridden("s3")
			// The collector reads configuration, not objects: response checksums protect
			// object data and are validated only where the API requires it.
			o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
		})
	}).(s3API)
}

func (f *clientFactory) s3Control(region string) s3ControlAPI {
	return f.get("s3control", region, func() any {
		return s3control.NewFromConfig(f.cfg, func(o *s3control.Options) {
			o.Region = region
			o.BaseEndpoint = or(f.base("s3control"), o.BaseEndpoint)
			if f.overridden("s3control") && ipOrLocalhost(aws.ToString(o.BaseEndpoint)) {
				// S3 Control puts the account id in the host name, which an address or
				// localhost cannot carry; the account id also travels in a header.
				o.EndpointResolverV2 = noAccountHost{s3control.NewDefaultEndpointResolverV2()}
			}
		})
	}).(s3ControlAPI)
}

func (f *clientFactory) redshift(region string) redshiftAPI {
	return f.get("redshift", region, func() any {
		return redshift.NewFromConfig(f.cfg, func(o *redshift.Options) { o.Region = region; o.BaseEndpoint = or(f.base("redshift"), o.BaseEndpoint) })
	}).(redshiftAPI)
}

func (f *clientFactory) redshiftServerless(region string) redshiftServerlessAPI {
	return f.get("redshift-serverless", region, func() any {
		return redshiftserverless.NewFromConfig(f.cfg, func(o *redshiftserverless.Options) {
			o.Region = region
			o.BaseEndpoint = or(f.base("redshift-serverless"), o.BaseEndpoint)
		})
	}).(redshiftServerlessAPI)
}

func (f *clientFactory) elastiCache(region string) elastiCacheAPI {
	return f.get("elasticache", region, func() any {
		return elasticache.NewFromConfig(f.cfg, func(o *elasticache.Options) {
			o.Region = region
			o.BaseEndpoint = or(f.base("elasticache"), o.BaseEndpoint)
		})
	}).(elastiCacheAPI)
}

func (f *clientFactory) openSearch(region string) openSearchAPI {
	return f.get("es", region, func() any {
		return opensearch.NewFromConfig(f.cfg, func(o *opensearch.Options) { o.Region = region; o.BaseEndpoint = or(f.base("es"), o.BaseEndpoint) })
	}).(openSearchAPI)
}

func (f *clientFactory) memoryDB(region string) memoryDBAPI {
	return f.get("memorydb", region, func() any {
		return memorydb.NewFromConfig(f.cfg, func(o *memorydb.Options) { o.Region = region; o.BaseEndpoint = or(f.base("memorydb"), o.BaseEndpoint) })
	}).(memoryDBAPI)
}

func (f *clientFactory) kms(region string) kmsAPI {
	return f.get("kms", region, func() any {
		return kms.NewFromConfig(f.cfg, func(o *kms.Options) { o.Region = region; o.BaseEndpoint = or(f.base("kms"), o.BaseEndpoint) })
	}).(kmsAPI)
}

func (f *clientFactory) sts(region string) *sts.Client {
	return f.get("sts", region, func() any {
		return sts.NewFromConfig(f.cfg, func(o *sts.Options) { o.Region = region; o.BaseEndpoint = or(f.base("sts"), o.BaseEndpoint) })
	}).(*sts.Client)
}

func (f *clientFactory) organizations(region string) organizationsAPI {
	return f.get("organizations", region, func() any {
		return organizations.NewFromConfig(f.cfg, func(o *organizations.Options) {
			o.Region = region
			o.BaseEndpoint = or(f.base("organizations"), o.BaseEndpoint)
		})
	}).(organizationsAPI)
}

func (f *clientFactory) ec2(region string) ec2API {
	return f.get("ec2", region, func() any {
		return ec2.NewFromConfig(f.cfg, func(o *ec2.Options) { o.Region = region; o.BaseEndpoint = or(f.base("ec2"), o.BaseEndpoint) })
	}).(ec2API)
}

func or(a, b *string) *string {
	if a != nil {
		return a
	}
	return b
}

// noAccountHost resolves S3 Control endpoints without the account id host label.
type noAccountHost struct{ s3control.EndpointResolverV2 }

func (r noAccountHost) ResolveEndpoint(ctx context.Context, p s3control.EndpointParameters) (smithyendpoints.Endpoint, error) {
	ep, err := r.EndpointResolverV2.ResolveEndpoint(ctx, p)
	if err == nil && p.AccountId != nil {
		ep.URI.Host = strings.TrimPrefix(ep.URI.Host, *p.AccountId+".")
	}
	return ep, err
}

func ipOrLocalhost(endpoint string) bool {
	u, err := url.Parse(endpoint)
	if err != nil {
		return false
	}
	h := u.Hostname()
	return h == "localhost" || strings.HasSuffix(h, ".localhost") || net.ParseIP(h) != nil
}
