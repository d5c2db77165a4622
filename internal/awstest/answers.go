package awstest

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
)

// Namespace is a Redshift Serverless namespace the proxy serves (moto has no Redshift
// Serverless).
type Namespace struct {
	Name       string
	LogExports []string
}

// emulated holds what the proxy answers for operations moto lacks or gets wrong.
type emulated struct {
	namespaces          map[string][]Namespace // by region
	contributorInsights map[string]string      // by table name
}

// AddNamespace serves a Redshift Serverless namespace in the region.
func (p *Proxy) AddNamespace(region string, ns Namespace) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.namespaces == nil {
		p.namespaces = map[string][]Namespace{}
	}
	p.namespaces[region] = append(p.namespaces[region], ns)
}

// SetContributorInsights sets a table's Contributor Insights status (moto answers
// DescribeContributorInsights with HTTP 500).
func (p *Proxy) SetContributorInsights(table, status string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.contributorInsights == nil {
		p.contributorInsights = map[string]string{}
	}
	p.contributorInsights[table] = status
}

// Account is the account moto uses for the default credentials.
const Account = "123456789012"

func (p *Proxy) defaultAnswers() map[string]Answer {
	return map[string]Answer{
		"redshift-serverless:ListNamespaces": func(r *http.Request, _ []byte) (int, string, string) {
			_, region := credentialScope(r.Header.Get("Authorization"))
			p.mu.Lock()
			list := p.namespaces[region]
			p.mu.Unlock()
			type ns struct {
				Name       string   `json:"namespaceName"`
				ARN        string   `json:"namespaceArn"`
				ID         string   `json:"namespaceId"`
				LogExports []string `json:"logExports"`
				Status     string   `json:"status"`
			}
			out := struct {
				Namespaces []ns `json:"namespaces"`
			}{Namespaces: []ns{}}
			for i, n := range list {
				id := fmt.Sprintf("00000000-0000-0000-0000-%012d", i+1)
				out.Namespaces = append(out.Namespaces, ns{
					Name: n.Name, ID: id, LogExports: n.LogExports, Status: "AVAILABLE",
					ARN: fmt.Sprintf("arn:aws:redshift-serverless:%s:%s:namespace/%s", region, Account, id),
				})
			}
			b, _ := json.Marshal(out)
			return http.StatusOK, "application/x-amz-json-1.1", string(b)
		},
		// moto 5.2.1 answers HTTP 500 to DescribeOptionGroups without a group name, to
		// CloudTrail ListEventDataStores and to Redshift DescribeEventSubscriptions (see
		// docs/aws.md, "Tests").
		"rds:DescribeOptionGroups":            queryAnswer("DescribeOptionGroups", "<OptionGroupsList/>"),
		"redshift:DescribeEventSubscriptions": queryAnswer("DescribeEventSubscriptions", "<EventSubscriptionsList/>"),
		"cloudtrail:ListEventDataStores": func(*http.Request, []byte) (int, string, string) {
			return http.StatusOK, "application/x-amz-json-1.1", `{"EventDataStores":[]}`
		},
		// moto 5.2.1 lists no member cache cluster of a replication group; AWS lists them
		// all, and only they carry the group's notification topic.
		"elasticache:DescribeCacheClusters": p.cacheClustersWithMembers,
		"dynamodb:DescribeContributorInsights": func(_ *http.Request, body []byte) (int, string, string) {
			var in struct {
				TableName string `json:"TableName"`
			}
			_ = json.Unmarshal(body, &in)
			p.mu.Lock()
			status := p.contributorInsights[in.TableName]
			p.mu.Unlock()
			if status == "" {
				status = "DISABLED"
			}
			b, _ := json.Marshal(map[string]string{"TableName": in.TableName, "ContributorInsightsStatus": status})
			return http.StatusOK, "application/x-amz-json-1.0", string(b)
		},
	}
}

// queryAnswer answers a query-protocol operation with the result elements given.
func queryAnswer(action, result string) Answer {
	return func(*http.Request, []byte) (int, string, string) {
		return http.StatusOK, "text/xml", fmt.Sprintf(`<%sResponse><%sResult>%s</%sResult><ResponseMetadata><RequestId>storewatch-proxy</RequestId></ResponseMetadata></%sResponse>`,
			action, action, result, action, action)
	}
}

var memberRE = regexp.MustCompile(`(?s)<member>.*?</member>`)

// MarkPending makes ListSubscriptions report the subscriptions to endpoint as pending
// confirmation, as AWS does until the recipient confirms.
func (p *Proxy) MarkPending(endpoint string) {
	p.Rewrite("sns:ListSubscriptions", func(body []byte) []byte {
		return memberRE.ReplaceAllFunc(body, func(m []byte) []byte {
			if !bytes.Contains(m, []byte("<Endpoint>"+endpoint+"</Endpoint>")) {
				return m
			}
			return regexp.MustCompile(`<SubscriptionArn>[^<]*</SubscriptionArn>`).ReplaceAll(m, []byte("<SubscriptionArn>PendingConfirmation</SubscriptionArn>"))
		})
	})
}

// OtherAccountSubscriptions makes ListSubscriptionsByTopic answer as AWS does: with every
// subscription of the topic, including those the given accounts made to it. moto 5.2.1
// keeps a subscription with the account that made it and lists, by topic as in
// ListSubscriptions, only the caller's own; AWS lists only the caller's own in
// ListSubscriptions but every subscription in ListSubscriptionsByTopic. The answer asks
// moto as the caller and as each account, and joins the subscriptions (one page: the
// tests' topics have a few).
func (p *Proxy) OtherAccountSubscriptions(accounts ...string) {
	p.Answer("sns:ListSubscriptionsByTopic", func(r *http.Request, body []byte) (int, string, string) {
		var members []string
		for _, account := range append([]string{""}, accounts...) {
			status, answer, err := p.askMoto(r, body, account)
			if err != nil {
				return http.StatusBadGateway, "text/plain", err.Error()
			}
			if status != http.StatusOK {
				if account == "" {
					return status, "text/xml", string(answer)
				}
				continue // the account cannot see the topic: it has no subscription to add
			}
			for _, m := range memberRE.FindAll(answer, -1) {
				members = append(members, string(m))
			}
		}
		return queryAnswer("ListSubscriptionsByTopic", "<Subscriptions>"+joinUnique(members)+"</Subscriptions>")(r, body)
	})
}

// askMoto sends a query-protocol request to moto as the account (the caller's own when
// empty).
func (p *Proxy) askMoto(r *http.Request, body []byte, account string) (int, []byte, error) {
	// Query-protocol services (SNS) take every call as a POST to the root.
	req, err := http.NewRequestWithContext(r.Context(), http.MethodPost, p.target+"/", bytes.NewReader(body))
	if err != nil {
		return 0, nil, fmt.Errorf("ask moto: %w", err)
	}
	req.Header = r.Header.Clone()
	if account != "" {
		req.Header.Set("x-moto-account-id", account)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("ask moto as %q: %w", account, err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, fmt.Errorf("read moto answer as %q: %w", account, err)
	}
	return resp.StatusCode, b, nil
}

func joinUnique(items []string) string {
	seen := map[string]bool{}
	var out bytes.Buffer
	for _, it := range items {
		if !seen[it] {
			seen[it] = true
			out.WriteString(it)
		}
	}
	return out.String()
}

// cacheClustersWithMembers answers DescribeCacheClusters with moto's cache clusters and,
// as AWS lists them, the member clusters of moto's replication groups (one page: the
// tests' regions have a few).
func (p *Proxy) cacheClustersWithMembers(r *http.Request, body []byte) (int, string, string) {
	status, answer, err := p.askMoto(r, body, "")
	if err != nil {
		return http.StatusBadGateway, "text/plain", err.Error()
	}
	if status != http.StatusOK {
		return status, "text/xml", string(answer)
	}
	status, groups, err := p.askMoto(r, []byte("Action=DescribeReplicationGroups&Version=2015-02-02"), "")
	if err != nil {
		return http.StatusBadGateway, "text/plain", err.Error()
	}
	if status != http.StatusOK {
		return status, "text/xml", string(groups)
	}
	var g struct {
		Groups []struct {
			ID      string   `xml:"ReplicationGroupId"`
			Engine  string   `xml:"Engine"`
			Members []string `xml:"MemberClusters>ClusterId"`
		} `xml:"DescribeReplicationGroupsResult>ReplicationGroups>ReplicationGroup"`
	}
	if err := xml.Unmarshal(groups, &g); err != nil { //nolint:gosec // the answer of the test's own moto
		return http.StatusBadGateway, "text/plain", "parse moto replication groups: " + err.Error()
	}
	var added strings.Builder
	for _, group := range g.Groups {
		for _, m := range group.Members {
			if bytes.Contains(answer, []byte("<CacheClusterId>"+m+"</CacheClusterId>")) {
				continue
			}
			fmt.Fprintf(&added, "<CacheCluster><CacheClusterId>%s</CacheClusterId><ReplicationGroupId>%s</ReplicationGroupId>"+
				"<Engine>%s</Engine><CacheClusterStatus>available</CacheClusterStatus></CacheCluster>", m, group.ID, group.Engine)
		}
	}
	out := string(answer)
	if added.Len() > 0 {
		if strings.Contains(out, "<CacheClusters/>") {
			out = strings.Replace(out, "<CacheClusters/>", "<CacheClusters>"+added.String()+"</CacheClusters>", 1)
		} else {
			out = strings.Replace(out, "</CacheClusters>", added.String()+"</CacheClusters>", 1)
		}
	}
	return http.StatusOK, "text/xml", out
}
