package org.fer.io;

import org.fer.core.FerException;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** NumPy {@code .npy} format version 1.0 reader and writer (C order, little endian), no dependencies. */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']+)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    public static void write(Path file, NpyArray array) {
        AtomicFiles.write(file, out -> write(out, array));
    }

    public static void write(OutputStream out, NpyArray array) throws IOException {
        StringBuilder shape = new StringBuilder("(");
        for (int i = 0; i < array.shape().length; i++) shape.append(array.shape()[i]).append(i == 0 && array.shape().length == 1 ? ",": (i + 1 < array.shape().length ? ", " : ""));
        shape.append(')');
        String dict = "{'descr': '" + array.dtype() + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        out.write(MAGIC);
        out.write(1);
        out.write(0);
        int len = header.length();
        out.write(len & 0xFF);
        out.write((len >> 8) & 0xFF);
        out.write(header.getBytes(StandardCharsets.ISO_8859_1));
        writeData(out, array.data());
    }

    private static void writeData(OutputStream out, Object data) throws IOException {
        if (data instanceof byte[] a) { out.write(a); return; }
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        int n = (int) NpyArray.length(data);
        for (int i = 0; i < n; i++) {
            if (buf.remaining() < 8) { out.write(buf.array(), 0, buf.position()); buf.clear(); }
            if (data instanceof int[] a) buf.putInt(a[i]);
            else if (data instanceof long[] a) buf.putLong(a[i]);
            else if (data instanceof float[] a) buf.putFloat(a[i]);
            else if (data instanceof double[] a) buf.putDouble(a[i]);
        }
        out.write(buf.array(), 0, buf.position());
    }

    public static NpyArray read(Path file) {
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new FerException("missing file " + file);
        } catch (EOFException e) {
            throw new FerException(file + ": truncated .npy file (data ends before the shape in its header says)");
        } catch (IOException e) {
            throw new FerException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static NpyArray read(InputStream raw, String name) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        byte[] magic = new byte[6];
        in.readFully(magic);
        for (int i = 0; i < 6; i++) if (magic[i] != MAGIC[i]) throw new FerException(name + ": not a .npy file (bad magic at offset 0)");
        int major = in.readUnsignedByte();
        in.readUnsignedByte();
        int headerLen;
        if (major == 1) headerLen = in.readUnsignedByte() | (in.readUnsignedByte() << 8);
        else if (major == 2 || major == 3) headerLen = Integer.reverseBytes(in.readInt());
        else throw new FerException(name + ": unsupported .npy version " + major);
        byte[] hb = new byte[headerLen];
        in.readFully(hb);
        String header = new String(hb, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header), o = ORDER.matcher(header), s = SHAPE.matcher(header);
        if (!d.find() || !o.find() || !s.find()) throw new FerException(name + ": malformed .npy header: " + header.trim());
        if (o.group(1).equals("True")) throw new FerException(name + ": Fortran-order .npy arrays are not supported");
        List<Integer> dims = new ArrayList<>();
        for (String part : s.group(1).split(",")) if (!part.isBlank()) dims.add(Integer.parseInt(part.trim()));
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        long n = 1;
        for (int v : shape) n *= v;
        String dtype = d.group(1);
        int count = Math.toIntExact(n);
        Object data = switch (dtype) {
            case "|u1", "<u1", "|b1" -> { byte[] a = new byte[count]; in.readFully(a); yield a; }
            case "<i4" -> { int[] a = new int[count]; ByteBuffer b = readLe(in, count * 4L); b.asIntBuffer().get(a); yield a; }
            case "<i8" -> { long[] a = new long[count]; ByteBuffer b = readLe(in, count * 8L); b.asLongBuffer().get(a); yield a; }
            case "<f4" -> { float[] a = new float[count]; ByteBuffer b = readLe(in, count * 4L); b.asFloatBuffer().get(a); yield a; }
            case "<f8" -> { double[] a = new double[count]; ByteBuffer b = readLe(in, count * 8L); b.asDoubleBuffer().get(a); yield a; }
            default -> throw new FerException(name + ": unsupported dtype " + dtype);
        };
        return new NpyArray(dtype.equals("<u1") || dtype.equals("|b1") ? "|u1" : dtype, shape, data);
    }

    private static ByteBuffer readLe(DataInputStream in, long bytes) throws IOException {
        byte[] raw = new byte[Math.toIntExact(bytes)];
        in.readFully(raw);
        return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    }
}
