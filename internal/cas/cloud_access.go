package cas

import (
	"context"
	"strconv"
)

// Other clouds' AccessKeys, which multi-cloud deployment jobs (JobTypeCloud)
// deploy with: AddCloudAccess stores one and answers no ID, ListCloudAccess
// finds it (AccessId), DeleteCloudAccess removes it. CAS never returns a
// secret.

// Clouds a key can be for, as AddCloudAccess and ListCloudResources name them.
const (
	CloudTencent = "Tencent"
	CloudHuawei  = "Huawei"
	CloudAws     = "Aws"
)

// AddCloudAccessRequest is a key of another cloud.
type AddCloudAccessRequest struct {
	CloudName string // CloudTencent, CloudHuawei or CloudAws
	SecretID  string // the other cloud's AccessKey ID
	SecretKey string // its secret: sent in the form body, never in the URL (which is logged)
}

// AddCloudAccess stores a key. Its AccessId comes from ListCloudAccess
// with the same CloudName and SecretId.
func (c *Client) AddCloudAccess(ctx context.Context, req AddCloudAccessRequest) error {
	var body envelope
	_, err := c.call(ctx, "AddCloudAccess", request{query: map[string]string{"CloudName": req.CloudName, "SecretId": req.SecretID},
		form: map[string]string{"SecretKey": req.SecretKey}}, &body)
	return err
}

// CloudAccess is a stored key as ListCloudAccess lists it.
type CloudAccess struct {
	OddValues
	AccessID      *Int64  `json:"AccessId"`
	CloudName     *String `json:"CloudName"`
	SecretID      *String `json:"SecretId"`      // masked, e.g. AAAZCJQ******
	ServiceStatus *String `json:"ServiceStatus"` // normal: working
}

// CloudAccessFilter narrows ListCloudAccess; "" is no filter.
type CloudAccessFilter struct {
	CloudName string
	SecretID  string // the whole AccessKey ID, as added
}

// ListCloudAccessResponse is every key ListCloudAccess lists.
type ListCloudAccessResponse struct {
	Keys  []CloudAccess // in the API's order, each once, never nil
	Pages int
}

// ListCloudAccess returns every stored key the filter selects, walking the pages.
func (c *Client) ListCloudAccess(ctx context.Context, f CloudAccessFilter) (*ListCloudAccessResponse, error) {
	keys, pages, err := listAll(ctx, c, listing[CloudAccess]{action: "ListCloudAccess", items: "CloudAccessList", idName: "AccessId",
		query: map[string]string{"CloudName": f.CloudName, "SecretId": f.SecretID}, id: func(k CloudAccess) *Int64 { return k.AccessID }})
	if err != nil {
		return nil, err
	}
	return &ListCloudAccessResponse{Keys: keys, Pages: pages}, nil
}

// DeleteCloudAccess removes a stored key (AccessId, sent as a string).
func (c *Client) DeleteCloudAccess(ctx context.Context, accessID int64) error {
	return c.write(ctx, "DeleteCloudAccess", map[string]string{"AccessId": strconv.FormatInt(accessID, 10)})
}
