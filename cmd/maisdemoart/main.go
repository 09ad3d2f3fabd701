// Command maisdemoart draws the demo tenant's pictures (internal/demoart)
// and writes them as JPEG files into internal/demoart/pictures, which the
// binary embeds; run it again after changing a drawing:
//
//	go run ./cmd/maisdemoart
package main

import (
	"bytes"
	"fmt"
	"image/jpeg"
	"os"
	"path/filepath"

	"mais/internal/demoart"
)

func main() {
	dir := filepath.Join("internal", "demoart", "pictures")
	for _, p := range demoart.All() {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, p.Draw(p.Width, p.Height), &jpeg.Options{Quality: 86}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if err := os.WriteFile(filepath.Join(dir, p.Name), buf.Bytes(), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("%s %dx%d %d KB\n", p.Name, p.Width, p.Height, buf.Len()>>10)
	}
}
