package media

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path"
	"strings"
	"time"

	"github.com/google/uuid"

	"mais/internal/apperr"
	"mais/internal/textin"
)

// Store keeps the library's rows (sqlstore.Store); every method is scoped
// by tenant, and another tenant's id is NOT_FOUND.
type Store interface {
	// InsertMedia stores it unless the tenant's items would then pass
	// quota bytes: it answers the bytes already used and ErrQuota, having
	// inserted nothing. Inserts of one tenant are serialised.
	InsertMedia(ctx context.Context, it Item, quota int64) (used int64, err error)
	ListMedia(ctx context.Context, tenantID string) ([]Item, error)
	MediaByID(ctx context.Context, tenantID, id string) (Item, error)
	// DeleteMedia removes the row and answers it; NOT_FOUND when absent.
	DeleteMedia(ctx context.Context, tenantID, id string) (Item, error)
	MediaUsage(ctx context.Context, tenantID string) (int64, error)
	// MediaUses names where the item is still shown (packages, extras, the
	// published site or its draft); none when it is free to delete.
	MediaUses(ctx context.Context, tenantID, id string) ([]string, error)
}

// Service is the one way into the library, for the API, the dashboard and
// the demo seed alike.
type Service struct {
	Store Store
	Blobs Blobs
	// BaseURL is the platform's public base; item addresses are under it.
	BaseURL string
	// Quota bounds each tenant's items, in bytes (0: DefaultQuota).
	Quota  int64
	Logger *slog.Logger
	// work holds one token per image being decoded: a 50-megapixel photo
	// takes 200 MB while it is resized, so only a few at once.
	work chan struct{}
}

// NewService returns a Service processing at most two images at once.
func NewService(store Store, blobs Blobs, baseURL string, quota int64, logger *slog.Logger) *Service {
	if quota <= 0 {
		quota = DefaultQuota
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Service{Store: store, Blobs: blobs, BaseURL: strings.TrimRight(baseURL, "/"), Quota: quota,
		Logger: logger, work: make(chan struct{}, 2)}
}

// maxName bounds a kept file name, in characters.
const maxName = 200

// Upload reads one file (at most MaxUploadBytes) and adds it to the
// tenant's library. Errors: VALIDATION_ERROR naming "file" (nothing sent,
// not a JPEG/PNG/WebP, damaged, too many pixels), PAYLOAD_TOO_LARGE for a
// file past 10 MB or a library past its quota, UNAVAILABLE when the blob
// store or the SQL store cannot take it.
func (s *Service) Upload(ctx context.Context, tenantID, name string, src io.Reader) (View, error) {
	data, err := io.ReadAll(io.LimitReader(src, MaxUploadBytes+1))
	if ae := (*apperr.Error)(nil); errors.As(err, &ae) {
		return View{}, ae // the edge's cap on the body (413)
	}
	if err != nil {
		return View{}, fileError("the file could not be read to the end", "was cut off while uploading; try again")
	}
	if len(data) > MaxUploadBytes {
		return View{}, &apperr.Error{Code: apperr.CodePayloadTooLarge, Message: "the photo is larger than 10 MB",
			Fields: map[string]string{"file": "must be at most 10 MB"}}
	}
	used, err := s.Store.MediaUsage(ctx, tenantID)
	if err != nil {
		return View{}, err
	}
	if used >= s.Quota {
		return View{}, s.quotaError(used)
	}
	select {
	case s.work <- struct{}{}:
	case <-ctx.Done():
		return View{}, apperr.Unavailable(ctx.Err(), "the server is busy with other photos; try again")
	}
	files, ext, err := process(data)
	<-s.work
	if err != nil {
		return View{}, err
	}
	it := Item{ID: newID(), TenantID: tenantID, Name: cleanName(name), Ext: ext,
		Width: files[len(files)-1].Width, Height: files[len(files)-1].Height}
	for _, f := range files {
		it.Bytes += int64(len(f.Data))
	}
	for _, f := range files {
		if err := s.Blobs.Put(ctx, Key(tenantID, it.ID, f.File), f.Data, ContentType(f.File)); err != nil {
			s.removeFiles(context.WithoutCancel(ctx), it)
			return View{}, apperr.Unavailable(err, "photo storage is not answering; try again in a moment")
		}
	}
	used, err = s.Store.InsertMedia(ctx, it, s.Quota)
	if err != nil {
		s.removeFiles(context.WithoutCancel(ctx), it)
		if errors.Is(err, ErrQuota) {
			return View{}, s.quotaError(used)
		}
		return View{}, err
	}
	it, err = s.Store.MediaByID(ctx, tenantID, it.ID)
	if err != nil {
		return View{}, err
	}
	return ViewOf(s.BaseURL, it), nil
}

// List answers the tenant's library, newest first.
func (s *Service) List(ctx context.Context, tenantID string) ([]View, error) {
	items, err := s.Store.ListMedia(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	out := make([]View, 0, len(items))
	for _, it := range items {
		out = append(out, ViewOf(s.BaseURL, it))
	}
	return out, nil
}

// Usage answers the bytes the tenant's library takes and its quota.
func (s *Service) Usage(ctx context.Context, tenantID string) (used, quota int64, err error) {
	used, err = s.Store.MediaUsage(ctx, tenantID)
	return used, s.Quota, err
}

// Delete removes one item of the tenant's library: its files first, so an
// outage of the blob store (UNAVAILABLE) leaves the item listed and the
// delete can be retried; then its row. NOT_FOUND for another tenant's id;
// CONFLICT, naming where, while a package, an extra, the published site or
// its draft still shows it.
func (s *Service) Delete(ctx context.Context, tenantID, id string) error {
	it, err := s.Store.MediaByID(ctx, tenantID, id)
	if err != nil {
		return err
	}
	// A photo still shown would leave a broken picture on the couple's
	// screen; the business chooses another one there first.
	uses, err := s.Store.MediaUses(ctx, tenantID, id)
	if err != nil {
		return err
	}
	if len(uses) > 0 {
		return apperr.Conflict("this photo is still shown on %s; choose another photo there first, then delete it", strings.Join(uses, ", "))
	}
	for _, f := range it.Files() {
		if err := s.Blobs.Delete(ctx, Key(tenantID, id, f.File)); err != nil {
			return apperr.Unavailable(err, "photo storage is not answering; try again in a moment")
		}
	}
	_, err = s.Store.DeleteMedia(ctx, tenantID, id)
	return err
}

// Open opens one file of an item for serving. Only names ValidName
// accepts are looked up, and only under the tenant named in the address:
// NOT_FOUND otherwise, UNAVAILABLE when the blob store does not answer.
func (s *Service) Open(ctx context.Context, tenantID, id, file string) (Blob, error) {
	if !ValidName(tenantID, id, file) {
		return Blob{}, apperr.NotFound("image")
	}
	b, err := s.Blobs.Get(ctx, Key(tenantID, id, file))
	if errors.Is(err, ErrNoBlob) {
		return Blob{}, apperr.NotFound("image")
	}
	if err != nil {
		return Blob{}, apperr.Unavailable(err, "photo storage is not answering; try again in a moment")
	}
	return b, nil
}

// removeFiles deletes what an upload stored when it cannot be kept.
func (s *Service) removeFiles(ctx context.Context, it Item) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	for _, f := range it.Files() {
		if err := s.Blobs.Delete(ctx, Key(it.TenantID, it.ID, f.File)); err != nil {
			s.Logger.WarnContext(ctx, "media: could not remove a refused upload's file", "tenant", it.TenantID,
				"media", it.ID, "err", err)
			return
		}
	}
}

func (s *Service) quotaError(used int64) error {
	return &apperr.Error{Code: apperr.CodePayloadTooLarge,
		Message: fmt.Sprintf("your photo library is full: %s of %s used", quotaMB(used), quotaMB(s.Quota)),
		Fields: map[string]string{"file": fmt.Sprintf("does not fit in your %s of photo storage (%s used); "+
			"delete photos you no longer use, or ask the platform for more room", quotaMB(s.Quota), quotaMB(used))}}
}

// cleanName keeps the base of an uploaded file's name as plain one-line
// text of at most maxName characters; anything else becomes "".
func cleanName(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	if name == "." || name == "/" || textin.Problem(name, textin.Line) != "" {
		return ""
	}
	if textin.Len(name) > maxName {
		name = string([]rune(name)[:maxName])
	}
	return name
}

func newID() string { return uuid.NewString() }
