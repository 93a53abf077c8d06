package cas

import (
	"context"
	"encoding/json"
)

// CloudResourceFilter narrows ListCloudResources; an empty field does not
// filter.
type CloudResourceFilter struct {
	CloudName    string  // aliyun, Tencent, Huawei, Aws
	CloudProduct string  // CDN, SLB, ALB, NLB, WAF, OSS, ...
	Keyword      string  // part of the domain or instance ID
	SecretID     string  // the AccessKey of another cloud's resources
	CertIDs      []int64 // resources carrying these certificates
}

// ListCloudResourcesResponse is every resource ListCloudResources lists for
// a filter.
type ListCloudResourcesResponse struct {
	Resources []CloudResource // in the API's order, each once, never nil
	Pages     int
}

// ListCloudResources returns every cloud resource matching filter, walking
// the pages.
func (c *Client) ListCloudResources(ctx context.Context, filter CloudResourceFilter) (*ListCloudResourcesResponse, error) {
	query := map[string]string{"CloudName": filter.CloudName, "CloudProduct": filter.CloudProduct,
		"Keyword": filter.Keyword, "SecretId": filter.SecretID}
	if len(filter.CertIDs) > 0 {
		// A JSON array, as the official SDK sends this one list: [123,456].
		ids, _ := json.Marshal(filter.CertIDs) // []int64 always encodes
		query["CertIds"] = string(ids)
	}
	resources, pages, err := listAll(ctx, c, listing[CloudResource]{action: "ListCloudResources", items: "Data", idName: "Id",
		query: query, id: func(r CloudResource) *Int64 { return r.ID }})
	if err != nil {
		return nil, err
	}
	return &ListCloudResourcesResponse{Resources: resources, Pages: pages}, nil
}
