package io.sen2cor.operator.runner;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The item's thumbnail: Sen2Cor's preview image (QI_DATA/..._PVI.jp2, a small true-colour JPEG 2000) as a JPEG, which
 * browsers and STAC Browser show and JPEG 2000 they do not (Earth Search's L2A thumbnails are JPEGs too). Decoded with
 * jai-imageio's JPEG 2000 reader (pure Java), encoded with the JDK's JPEG writer.
 */
final class Thumbnails {

    /** Larger previews are not thumbnails (the PVI is 343 x 343 pixels): none is made rather than decoding a band. */
    static final int MAX_SIDE = 2048;
    private static final float QUALITY = 0.85f;

    private Thumbnails() {
    }

    /** The preview as JPEG bytes, or empty when it cannot be decoded (the item then links the JPEG 2000 preview). */
    static Optional<byte[]> jpegOf(Path preview) {
        try (ImageInputStream in = ImageIO.createImageInputStream(preview.toFile())) {
            if (in == null) {
                return Optional.empty();
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                if (reader.getWidth(0) > MAX_SIDE || reader.getHeight(0) > MAX_SIDE) {
                    return Optional.empty();
                }
                return Optional.of(jpeg(reader.read(0)));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // a thumbnail is not worth a failed scene: the JPEG 2000 preview stays the item's thumbnail
            return Optional.empty();
        }
    }

    /** Any decoded image (grey, RGB, with or without alpha) drawn into RGB: the JDK's JPEG writer takes only that. */
    static byte[] jpeg(BufferedImage image) {
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        var g = rgb.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(QUALITY);
            writer.write(null, new IIOImage(rgb, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
