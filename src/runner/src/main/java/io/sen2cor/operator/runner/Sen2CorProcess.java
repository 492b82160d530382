package io.sen2cor.operator.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import io.sen2cor.operator.contract.RunnerContract;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Runs {@code L2A_Process} on one .SAFE (docs/architecture.md, "Sen2Cor and the L1C sources"): a GIPP rendered for this job (thread count from the job's
 * vCPUs, DEM location, exit on DEM errors), its own SEN2COR_HOME and work dir, log lines streamed with the scene as
 * prefix, a timeout, and success judged by more than the exit code: no "terminated with at least one error" line
 * and exactly one MTD_MSIL2A.xml in the output.
 */
public final class Sen2CorProcess {

    static final String ERROR_LINE = "Application terminated with at least one error";
    private static final Pattern VERSION = Pattern.compile("Version: ?([0-9]+\\.[0-9.]+)");
    /** Sen2Cor's messages when it cannot fetch a DEM tile (SRTM zip, Copernicus tar or COG file). */
    private static final Pattern DEM_DOWNLOAD_ERROR = Pattern.compile("(?:Tarfile|Zipfile|file) download error for DEM: ?(\\S+)");
    /** ... and when it then goes on without a DEM: 2.8's wording, and 2.10's. */
    private static final Pattern FLAT_TERRAIN = Pattern.compile("flat surface will be used|continue with a flat terrain");

    /** The L2A product written, its parsed MTD_MSIL2A.xml, and what Sen2Cor said its version was. */
    public record Result(Path product, Document metadata, Optional<String> version) {
    }

    private final RunnerSettings settings;
    private final PrintStream log;

    public Sen2CorProcess(RunnerSettings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    /**
     * The ESACCI maps Sen2Cor reads from its aux_data folder (its L2A_CAL_SC_GIPP names them); it silently ignores
     * missing ones, so the runner checks. The snow-condition maps changed with 2.10: 2.8 and 2.9 read the weekly
     * climatology, 2.10 and later the monthly one (the ESACCI-LC-L4-ALL-FOR-SEN2COR-2.10 package).
     */
    public static List<String> auxFilesFor(String sen2corVersion) {
        String snow = before210(sen2corVersion) ? "ESACCI-LC-L4-Snow-Cond-500m-P13Y7D-2000-2012-v2.0"
                : "ESACCI-LC-L4-Snow-Cond-500m-MONTHLY-2000-2012-v2.4";
        return List.of("ESACCI-LC-L4-WB-Map-150m-P13Y-2000-v4.0.tif", "ESACCI-LC-L4-LCCS-Map-300m-P1Y-2015-v2.0.7.tif", snow);
    }

    private static boolean before210(String version) {
        String[] parts = version.replaceFirst("^0", "").split("\\.");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1].replaceFirst("^0(?=\\d)", "")) : 0;
            return major < 2 || major == 2 && minor < 10;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Points the image's aux data link at the job's auxDataPath (the image links Sen2Cor's aux_data entries to
     * {@link RunnerSettings#AUX_LINK}), then fails (configuration, exit 2) when a map this Sen2Cor version reads is
     * not there.
     */
    public void checkAuxData() {
        Path dir = Path.of(settings.auxDataPath());
        settings.auxLink().ifPresent(link -> {
            try {
                Files.createDirectories(link.getParent());
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, dir);
            } catch (IOException e) {
                throw new RunnerFailure(RunnerContract.EXIT_CONFIG, "cannot link " + link + " to the aux data at " + dir + ": " + e.getMessage(), e);
            }
        });
        List<String> missing = auxFilesFor(settings.sen2corVersion()).stream().filter(f -> !Files.exists(dir.resolve(f))).toList();
        if (!missing.isEmpty()) {
            throw new RunnerFailure(RunnerContract.EXIT_CONFIG, "aux data missing in " + dir + ": " + missing
                    + " (mount the aux data volume; Sen2Cor would silently produce a poorer classification)");
        }
    }

    /** The GIPP for this job: the template with Nr_Threads, DEM_Directory and Force_Exit_On_DEM_Error set. */
    public Path renderGipp(Path into) {
        Path template = settings.gippTemplate().orElseThrow(() -> new RunnerFailure(RunnerContract.EXIT_CONFIG,
                RunnerSettings.GIPP_TEMPLATE + " is not set: the image must point it at Sen2Cor's L2A_GIPP.xml"));
        try {
            Document doc = parse(template);
            set(doc, "Nr_Threads", String.valueOf(settings.threads()));
            if (settings.demCopernicus().isPresent()) {
                // Sen2Cor 2.12's Copernicus DEM on AWS (its FAQ's settings): tiles are fetched into a writable folder
                String res = settings.demCopernicus().get().replace("m", "");
                set(doc, "DEM_Directory", settings.workDir().resolve("dem/CopernicusDEM" + res + "_AWS").toString());
                set(doc, "DEM_Reference", "https://copernicus-dem-" + res + "m.s3.eu-central-1.amazonaws.com/");
            } else {
                settings.demDirectory().ifPresent(dem -> {
                    set(doc, "DEM_Directory", dem);
                    // the spec's source, or none: the installer's default (a CGIAR URL) is not used behind the user's back
                    set(doc, "DEM_Reference", settings.demReference().orElse(""));
                });
            }
            set(doc, "Force_Exit_On_DEM_Error", "TRUE");
            Path gipp = into.resolve("L2A_GIPP.xml");
            Files.createDirectories(into);
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.transform(new DOMSource(doc), new StreamResult(gipp.toFile()));
            return gipp;
        } catch (RunnerFailure e) {
            throw e;
        } catch (Exception e) {
            throw new RunnerFailure(RunnerContract.EXIT_CONFIG, "cannot render the GIPP from " + template + ": " + e.getMessage(), e);
        }
    }

    /**
     * Elements by local name, with or without a namespace prefix: Sen2Cor writes the metadata's sections prefixed
     * ({@code n1:Auxiliary_Data_Info}) and their contents not, and the parse is not namespace-aware.
     */
    static List<Node> elementsNamed(Document doc, String name) {
        NodeList all = doc.getElementsByTagName("*");
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < all.getLength(); i++) {
            String n = all.item(i).getNodeName();
            if (n.equals(name) || n.endsWith(":" + name)) {
                out.add(all.item(i));
            }
        }
        return out;
    }

    /** The L2A metadata, parsed as {@link #parse} does; unreadable metadata is a failed scene. */
    static Document parseMetadata(Path mtd) {
        try {
            return parse(mtd);
        } catch (Exception e) {
            throw new RunnerFailure(RunnerContract.EXIT_SEN2COR_FAILED, "cannot read " + mtd + ": " + e.getMessage(), e);
        }
    }

    /** Sen2Cor's XML (GIPP template, L2A metadata), with DOCTYPEs refused: no external entities. */
    private static Document parse(Path xml) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(xml.toFile());
    }

    private static void set(Document doc, String element, String value) {
        NodeList nodes = doc.getElementsByTagName(element);
        for (int i = 0; i < nodes.getLength(); i++) {
            nodes.item(i).setTextContent(value);
        }
    }

    public Result run(String productId, Path safe, Path gipp, Path outputDir, Path workDir) {
        List<String> command = new ArrayList<>(List.of(settings.l2aProcess(), safe.toString(),
                "--resolution", String.valueOf(settings.resolution()), "--GIP_L2A", gipp.toString(),
                "--output_dir", outputDir.toString(), "--work_dir", workDir.toString()));
        settings.processingBaseline().ifPresent(b -> command.addAll(List.of("--processing_baseline", b)));
        Process process;
        try {
            Files.createDirectories(outputDir);
            Files.createDirectories(workDir);
            Path home = workDir.resolve("sen2cor-home");
            Files.createDirectories(home);
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            // its own SEN2COR_HOME: Sen2Cor writes cfg, logs and a DEM cache there (read-only root filesystems)
            pb.environment().put("SEN2COR_HOME", home.toString());
            pb.environment().put("HOME", home.toString());
            process = pb.start();
        } catch (IOException e) {
            throw new RunnerFailure(RunnerContract.EXIT_CONFIG, "cannot start " + settings.l2aProcess() + ": " + e.getMessage(), e);
        }
        AtomicBoolean errorLine = new AtomicBoolean();
        AtomicBoolean flatTerrain = new AtomicBoolean();
        List<String> demTiles = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<String> version = new AtomicReference<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    log.println("[" + productId + "] " + line);
                    if (line.contains(ERROR_LINE)) {
                        errorLine.set(true);
                    }
                    Matcher dem = DEM_DOWNLOAD_ERROR.matcher(line);
                    if (dem.find()) {
                        demTiles.add(dem.group(1));
                    }
                    if (FLAT_TERRAIN.matcher(line).find()) {
                        flatTerrain.set(true);
                    }
                    Matcher m = VERSION.matcher(line);
                    if (version.get() == null && m.find()) {
                        version.set(m.group(1));
                    }
                }
            } catch (IOException e) {
                // the process ended; nothing more to read
            }
        }, "sen2cor-log");
        pump.start();
        try {
            if (!process.waitFor(settings.timeout().toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new RunnerFailure(RunnerContract.EXIT_RETRYABLE, "L2A_Process did not finish within " + settings.timeout());
            }
            pump.join(5000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new RunnerFailure(RunnerContract.EXIT_RETRYABLE, "interrupted while L2A_Process ran", e);
        }
        if (!demTiles.isEmpty() || flatTerrain.get()) {
            throw demFailure(demTiles, gipp, workDir.resolve("sen2cor-home"));
        }
        if (process.exitValue() != 0 || errorLine.get()) {
            throw new RunnerFailure(RunnerContract.EXIT_SEN2COR_FAILED, "L2A_Process failed (exit code " + process.exitValue()
                    + (errorLine.get() ? ", \"" + ERROR_LINE + "\"" : "") + ")");
        }
        Path product = findProduct(outputDir);
        Document metadata = parseMetadata(product.resolve("MTD_MSIL2A.xml"));
        checkAuxiliaryDataInfo(metadata);
        return new Result(product, metadata, Optional.ofNullable(version.get()));
    }

    /**
     * The GIPP says Force_Exit_On_DEM_Error TRUE, but Sen2Cor may still go on with a flat terrain after a DEM tile
     * could not be fetched, and its messages name the tile only in the download error. Either way the scene fails,
     * naming the tile and the DEM_Directory: for good when that folder is read-only (nothing can be fetched into it),
     * retryably otherwise (the DEM source may have been unreachable).
     */
    private static RunnerFailure demFailure(List<String> tiles, Path gipp, Path sen2corHome) {
        Document rendered = null;
        try {
            rendered = parse(gipp);
        } catch (Exception e) {
            // the GIPP was rendered by this run; unreadable now, the message says "?" instead of its values
        }
        String dir = rendered == null ? "?" : elementText(rendered, "DEM_Directory").orElse("?");
        // a relative DEM_Directory is under SEN2COR_HOME, as Sen2Cor resolves it
        Path folder = sen2corHome.resolve(dir);
        boolean readOnly = Files.exists(folder) && !Files.isWritable(folder);
        String reference = rendered == null ? "" : elementText(rendered, "DEM_Reference").orElse("");
        String what = tiles.isEmpty() ? "a DEM tile" : "DEM tile" + (tiles.size() > 1 ? "s " : " ") + String.join(", ", tiles);
        String why = readOnly ? " (the folder is read-only: put the tile there, or mount it writable so Sen2Cor can fetch it"
                + " from DEM_Reference)" : reference.isEmpty() ? " (no DEM_Reference to fetch it from: put the tile there, or"
                + " set spec.sen2cor.dem.reference)" : " from " + reference;
        // a read-only folder or no source is for good; a source that did not answer may answer the next attempt
        return new RunnerFailure(readOnly || reference.isEmpty() ? RunnerContract.EXIT_CONFIG : RunnerContract.EXIT_RETRYABLE,
                "Sen2Cor could not get " + what + " into DEM_Directory " + dir + why
                        + "; Force_Exit_On_DEM_Error is TRUE, so the scene fails instead of being processed on flat terrain");
    }

    /** The stripped text of the first element of that (local) name, if any. */
    static Optional<String> elementText(Document doc, String name) {
        List<Node> nodes = elementsNamed(doc, name);
        return nodes.isEmpty() ? Optional.empty() : Optional.of(nodes.get(0).getTextContent().strip());
    }

    /**
     * Sen2Cor records the aux data it used in MTD_MSIL2A.xml (Auxiliary_Data_Info); a map it could not read is "None"
     * there and the product is silently poorer. That is a failed scene with the reason, not a success.
     * PRODUCTION_DEM_TYPE is not judged: Sen2Cor writes None there when no DEM was asked for and otherwise echoes the
     * GIPP's DEM_Reference (empty for a local DEM), whatever it used; a DEM it could not get shows in its log instead
     * ({@link #demFailure}).
     */
    static void checkAuxiliaryDataInfo(Document metadata) {
        List<String> none = auxiliaryDataInfo(metadata).entrySet().stream()
                .filter(e -> "None".equalsIgnoreCase(e.getValue()) && !e.getKey().equals("PRODUCTION_DEM_TYPE"))
                .map(Map.Entry::getKey).toList();
        if (!none.isEmpty()) {
            throw new RunnerFailure(RunnerContract.EXIT_SEN2COR_FAILED, "Sen2Cor ran without " + none
                    + " (Auxiliary_Data_Info says None): check the aux data volume for this Sen2Cor version");
        }
    }

    /**
     * Auxiliary_Data_Info's entries, by local name in document order, with their stripped text: leaves only, since a
     * list such as LUT_List holds None entries the ground segment writes too.
     */
    static Map<String, String> auxiliaryDataInfo(Document metadata) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (Node section : elementsNamed(metadata, "Auxiliary_Data_Info")) {
            for (Node n = section.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getElementsByTagName("*").getLength() == 0) {
                    String name = e.getNodeName();
                    entries.put(name.substring(name.indexOf(':') + 1), e.getTextContent().strip());
                }
            }
        }
        return entries;
    }

    /** The output .SAFE: discovered (its name ends with the processing time), and it must be exactly one. */
    static Path findProduct(Path outputDir) {
        try (Stream<Path> walk = Files.walk(outputDir, 2)) {
            List<Path> mtd = walk.filter(p -> p.getFileName().toString().equals("MTD_MSIL2A.xml")).toList();
            if (mtd.size() != 1) {
                throw new RunnerFailure(RunnerContract.EXIT_SEN2COR_FAILED, "expected exactly one MTD_MSIL2A.xml in the output, found "
                        + mtd.size());
            }
            return mtd.get(0).getParent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
