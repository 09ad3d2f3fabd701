package httpx

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"

	"mais/internal/apperr"
)

// MultipartFile finds the part named field of a multipart/form-data body
// and returns it with the client's file name; the part is read as a
// stream, never kept whole in memory here. A body that is not multipart,
// or has no such part, is VALIDATION_ERROR naming field; a body past the
// edge's cap is PAYLOAD_TOO_LARGE.
func MultipartFile(r *http.Request, field string) (io.Reader, string, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, "", apperr.Validation("send the photo as multipart/form-data",
			map[string]string{field: "send the photo as a multipart/form-data part named " + field})
	}
	for {
		p, err := mr.NextPart()
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			return nil, "", apperr.New(apperr.CodePayloadTooLarge, "the upload is too large")
		case err == io.EOF:
			return nil, "", apperr.Validation("no photo was sent", map[string]string{field: "choose a photo to upload"})
		case err != nil:
			return nil, "", apperr.Validation("the upload could not be read", map[string]string{field: "was cut off or malformed; try again"})
		}
		if p.FormName() == field {
			return limitErr{p}, p.FileName(), nil
		}
		p.Close()
	}
}

// limitErr turns the edge's body cap, met while reading a part, into 413.
type limitErr struct{ p *multipart.Part }

func (l limitErr) Read(b []byte) (int, error) {
	n, err := l.p.Read(b)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return n, apperr.New(apperr.CodePayloadTooLarge, "the upload is too large")
	}
	return n, err
}
