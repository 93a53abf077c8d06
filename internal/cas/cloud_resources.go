package cas

import (
	"context"
	"encoding/json"
	"strconv"
)

// CloudResourceFilter narrows ListCloudResources on the server side; an
// empty field does not filter.
type CloudResourceFilter struct {
	CloudName    string  // aliyun, Tencent, Huawei, Aws
	CloudProduct string  // CDN, SLB, ALB, ...
	Keyword      string  // part of the domain or instance ID
	CertIDs      []int64 // resources carrying one of these certificates
}

// ListCloudResourcesResponse is every resource ListCloudResources lists for a filter.
type ListCloudResourcesResponse struct {
	Resources []DeploymentJobResource // the same shape a job's resources have; in the API's order, each once, never nil
	Pages     int                     // how many pages were read
}

// totalListBody is a paged answer with its items in Data and the count of
// all matching items in Total.
type totalListBody struct {
	listBody
	Total *Int64 `json:"Total"`
}

// ListCloudResources returns every cloud resource CAS knows that matches
// filter, walking the pages (see walkPages). Their Id is what deployment
// jobs take as resource IDs.
func (c *Client) ListCloudResources(ctx context.Context, filter CloudResourceFilter) (*ListCloudResourcesResponse, error) {
	const action = "ListCloudResources"
	query := map[string]string{}
	for name, v := range map[string]string{"CloudName": filter.CloudName, "CloudProduct": filter.CloudProduct, "Keyword": filter.Keyword} {
		if v != "" {
			query[name] = v
		}
	}
	if filter.CertIDs != nil {
		// A JSON array, as the SDK sends it (its documentation says commas).
		ids, _ := json.Marshal(filter.CertIDs) // int64s always marshal
		query["CertIds"] = string(ids)
	}
	fetch := func(ctx context.Context, number int) (page[DeploymentJobResource], error) {
		var body totalListBody
		items, raw, err := callList[DeploymentJobResource](ctx, c, action, pageQuery(query, number), &body)
		if err != nil {
			return page[DeploymentJobResource]{}, err
		}
		if err := requireIDs(action, raw, string(body.RequestID), number, "Data", "Id", items, func(r DeploymentJobResource) *Int64 { return r.ID }); err != nil {
			return page[DeploymentJobResource]{}, err
		}
		return page[DeploymentJobResource]{items: items, total: body.Total, requestID: string(body.RequestID)}, nil
	}
	resources, pages, err := walkPages(ctx, action, fetch, func(r DeploymentJobResource) int64 { return int64(*r.ID) })
	if err != nil {
		return nil, err
	}
	return &ListCloudResourcesResponse{Resources: resources, Pages: pages}, nil
}

// pageQuery is query with the paging parameters of page number.
func pageQuery(query map[string]string, number int) map[string]string {
	q := make(map[string]string, len(query)+2)
	for k, v := range query {
		q[k] = v
	}
	q["CurrentPage"], q["ShowSize"] = strconv.Itoa(number), strconv.Itoa(PageSize)
	return q
}

// requireIDs fails a page with an item that has no ID: it could be neither
// told apart from the others nor used.
func requireIDs[T any](action string, raw rawResponse, requestID string, number int, list, idField string, items []T, id func(T) *Int64) error {
	for i, it := range items {
		if id(it) == nil {
			return &ResponseError{Action: action, StatusCode: raw.status, RequestID: requestID,
				Reason: listItemWithoutID(list, i, idField, number)}
		}
	}
	return nil
}

func listItemWithoutID(list string, i int, idField string, number int) string {
	return list + "[" + strconv.Itoa(i) + "] has no " + idField + " (page " + strconv.Itoa(number) + ")"
}
