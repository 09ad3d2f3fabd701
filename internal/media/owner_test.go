package media

import "testing"

// TestForeignURL: only another tenant's library file is foreign, on any
// host, as a bare path, or behind a path that cleans to it; the tenant's
// own files and outside addresses are not.
func TestForeignURL(t *testing.T) {
	const own, other = "aaaa1111-0000-4000-8000-000000000001", "bbbb2222-0000-4000-8000-000000000002"
	const id = "0c0c0c0c-0000-4000-8000-00000000000c"
	for raw, want := range map[string]bool{
		"https://mais.example/media/" + other + "/" + id + "/1600x1067.jpg":      true,
		"http://127.0.0.1:8080/media/" + other + "/" + id + "/480w.jpg":          true,
		"/media/" + other + "/" + id + "/480w.png":                               true,
		"https://mais.example/x/../media//" + other + "/" + id + "/480w.jpg":     true,
		"https://mais.example/media/" + own + "/" + id + "/1600x1067.jpg":        false,
		"https://mais.example/media/" + own[:8] + "/" + id + "/notes.txt":        false,
		"https://cdn.example/media/logo.png":                                     false,
		"https://images.example/wedding.jpg":                                     false,
		"":                                                                       false,
		"https://mais.example/media/" + string([]byte{'A', 'A'}) + "/x/480w.jpg": true,
	} {
		if got := ForeignURL(own, raw); got != want {
			t.Errorf("ForeignURL(%q) = %v, want %v", raw, got, want)
		}
	}
}
