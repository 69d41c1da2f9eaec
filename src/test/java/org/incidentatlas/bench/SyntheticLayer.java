package org.incidentatlas.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.incidentatlas.database.Database;
import org.incidentatlas.database.DatabaseUrl;
import org.incidentatlas.database.H2Database;
import org.incidentatlas.database.PostgresDatabase;
import org.incidentatlas.derive.AtlasBuild;
import org.incidentatlas.derive.Geodata;
import org.incidentatlas.derive.IncidentEnricher;
import org.incidentatlas.gazetteer.Gazetteer;
import org.incidentatlas.gazetteer.Settlement;
import org.incidentatlas.geo.Border;
import org.incidentatlas.geo.Countries;
import org.incidentatlas.incident.Actor;
import org.incidentatlas.incident.Claim;
import org.incidentatlas.incident.Incident;
import org.incidentatlas.incident.SourceRef;
import org.incidentatlas.ingest.SourceReport;
import org.incidentatlas.store.Layer;
import org.incidentatlas.store.LayerFeature;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;

/**
 * Writes the real build of {@code geodata/} with its incidents replaced by N generated ones, for
 * the benchmarks: the reference layers stay real, so the page looks as it does in production, and
 * each generated incident goes through the build's own enrichment, so its properties have the
 * shape and kind of values real ones have. The generated records say in their notes that they
 * are synthetic.
 *
 * <p>Incidents lie in the Tovuz–Tavush border region, densest along the border; dates span
 * 12–21 July 2020. The same N always gives the same layer. Features are produced lazily, so even
 * the generator never holds the layer.
 *
 *   java -cp ... org.incidentatlas.bench.SyntheticLayer DATA_DIR|postgresql://... N
 *
 * <p>A {@code postgresql://} address writes the layers into that PostgreSQL database (its
 * password, if any, from {@code ATLAS_DATABASE_PASSWORD}), a directory into its embedded store.
 */
public final class SyntheticLayer {
  private static final long SEED = 42;
  /** The region of the July 2020 fighting: lon 45.0–46.0, lat 40.6–41.3. */
  private static final Envelope REGION = new Envelope(45.0, 46.0, 40.6, 41.3);
  private static final LocalDate FIRST_DAY = LocalDate.of(2020, 7, 12);
  private static final LocalDate LAST_DAY = LocalDate.of(2020, 7, 21);
  private static final double METRES_PER_DEGREE = 111_320;

  private SyntheticLayer() {}

  public static void main(String[] args) {
    int n = Integer.parseInt(args[1]);
    long t0 = System.nanoTime();
    if (args[0].startsWith("postgresql://") || args[0].startsWith("postgres://")) {
      write(Path.of("geodata"), new PostgresDatabase(
          DatabaseUrl.parse(args[0], false, System.getenv("ATLAS_DATABASE_PASSWORD"), null)), n);
    } else {
      write(Path.of("geodata"), Path.of(args[0]), n);
    }
    double cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1e9;
    System.out.printf(Locale.ROOT, "wrote %d generated incidents in %.1f s, processor time %.1f s%n", n,
        (System.nanoTime() - t0) / 1e9, cpu);
  }

  /** Writes the database into {@code dataDir}; {@code border_clashes} holds the generated armed clashes. */
  public static void write(Path geodataDir, Path dataDir, int n) {
    write(geodataDir, new H2Database(dataDir), n);
  }

  /** Writes the layers into {@code database}, replacing the ones it serves. */
  public static void write(Path geodataDir, Database database, int n) {
    SourceReport report = new SourceReport();
    Geodata data = Geodata.read(geodataDir, report);
    Iterable<LayerFeature> incidents = new Generator(data, n);
    List<Layer> layers = AtlasBuild.layers(data, report).stream().map(layer -> switch (layer.id()) {
      case "incidents" -> AtlasBuild.incidentsLayer(incidents);
      case "border_clashes" -> AtlasBuild.borderClashesLayer(filtered(incidents, AtlasBuild::isArmedClash));
      default -> layer;
    }).toList();
    AtlasBuild.write(layers, geodataDir, database, report);
  }

  /**
   * The N generated incidents as records before enrichment, for benchmarks that store them as
   * records instead of as a layer: the same N gives the same incidents as the layer.
   */
  public static Iterable<Incident> incidents(Geodata data, int n) {
    Generator g = new Generator(data, n);
    return g::incidents;
  }

  private static <T> Iterable<T> filtered(Iterable<T> all, Predicate<T> keep) {
    return () -> StreamSupport.stream(all.spliterator(), false).filter(keep).iterator();
  }

  private record Publisher(String name, String language) {}

  private static final List<Publisher> PUBLISHERS = List.of(
      new Publisher("JAMnews", "en"), new Publisher("Armedia", "en"), new Publisher("news.am", "hy"),
      new Publisher("Armenpress", "hy"), new Publisher("Trend", "en"), new Publisher("APA", "az"),
      new Publisher("AZERTAC", "az"), new Publisher("Report.az", "az"), new Publisher("Interfax", "ru"),
      new Publisher("Deutsche Welle", "de"));

  /** A settlement incidents can be placed at, with how often: villages at the border most. */
  private record Place(Settlement settlement, double cumulativeWeight) {}

  /**
   * Incidents as features, regenerated from the seed on every iteration so that the incidents
   * and border clashes layers see the same records.
   */
  private static final class Generator implements Iterable<LayerFeature> {
    private final int n;
    private final GeometryFactory gf = new GeometryFactory();
    private final Gazetteer gazetteer;
    private final IncidentEnricher enricher;
    private final org.incidentatlas.derive.Derivation derivation;
    private final Border border;
    private final List<Place> places = new ArrayList<>();
    private final List<Coordinate[]> borderSegments = new ArrayList<>();
    private final double[] borderCumulative;

    Generator(Geodata data, int n) {
      this.n = n;
      Countries countries = new Countries(data.countries());
      this.gazetteer = data.gazetteer();
      this.border = Border.between(countries.byIso2("AM").orElseThrow(), countries.byIso2("AZ").orElseThrow());
      this.enricher = new IncidentEnricher(countries, org.incidentatlas.geo.ControlAreas.none(), gazetteer, border);
      this.derivation = new org.incidentatlas.derive.Derivation(data);

      double total = 0;
      for (Settlement s : gazetteer.all()) {
        if (REGION.contains(s.point().getCoordinate()) && List.of("AM", "AZ").contains(s.country())) {
          total += Math.exp(-border.distanceKm(s.point()) / 5);
          places.add(new Place(s, total));
        }
      }
      if (places.isEmpty()) {
        throw new IllegalStateException("no settlements of the gazetteer lie in " + REGION);
      }

      Geometry inRegion = border.lonLat().intersection(gf.toGeometry(REGION));
      List<Double> cumulative = new ArrayList<>();
      double length = 0;
      for (int g = 0; g < inRegion.getNumGeometries(); g++) {
        Coordinate[] line = inRegion.getGeometryN(g).getCoordinates();
        for (int i = 1; i < line.length; i++) {
          length += line[i - 1].distance(line[i]);
          borderSegments.add(new Coordinate[] {line[i - 1], line[i]});
          cumulative.add(length);
        }
      }
      this.borderCumulative = cumulative.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Override
    public Iterator<LayerFeature> iterator() {
      Iterator<Incident> incidents = incidents();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return incidents.hasNext();
        }

        @Override
        public LayerFeature next() {
          Incident incident = incidents.next();
          return enricher.enrich(incident, gazetteer.byId(incident.placeId()).orElseThrow()).toFeature(1, null, List.of(),
              derivation.exposureZone(incident.point()));
        }
      };
    }

    Iterator<Incident> incidents() {
      Random random = new Random(SEED);
      return new Iterator<>() {
        int i;

        @Override
        public boolean hasNext() {
          return i < n;
        }

        @Override
        public Incident next() {
          return incident(random, String.format("SYN-%07d", ++i));
        }
      };
    }

    private Incident incident(Random random, String id) {
      // Most records name a village; many are border positions known only near a place; a few
      // only to the district.
      double which = random.nextDouble();
      String precision = which < 0.45 ? "exact" : which < 0.85 ? "near" : "district";
      Settlement place;
      Coordinate at;
      int uncertainty;
      switch (precision) {
        case "exact" -> {
          place = weightedPlace(random);
          uncertainty = List.of(500, 1000, 1000, 2000, 3000).get(random.nextInt(5));
          at = jitter(random, place.point().getCoordinate(), uncertainty / 3.0);
        }
        case "near" -> {
          at = jitter(random, onBorder(random), 300 + random.nextDouble() * 2700);
          place = nearestPlace(at, border.side(gf.createPoint(at)).orElse(null));
          uncertainty = random.nextBoolean() ? 3000 : 5000;
        }
        default -> {
          place = weightedPlace(random);
          uncertainty = 15000;
          at = jitter(random, place.point().getCoordinate(), 1000);
        }
      }
      Point point = gf.createPoint(at);

      // The fighting was heaviest in its first days.
      LocalDate date = FIRST_DAY.plusDays(Math.min(9, (int) Math.floor(Math.abs(random.nextGaussian()) * 3.5)));
      boolean range = random.nextDouble() < 0.25;
      LocalDate dateEnd = range ? min(date.plusDays(1 + random.nextInt(4)), LAST_DAY) : date;

      String country = place.country();
      String other = country.equals("AM") ? "AZ" : "AM";
      double kind = random.nextDouble();
      String drawn = kind < 0.35 ? "armed_clash" : kind < 0.8 ? "shelling" : "drone_strike";
      List<Actor> actors = new ArrayList<>();
      String subType;
      String group;
      // Whose dead or injured the claims count: in a clash either side's, else the struck side's.
      String victims = country;
      switch (drawn) {
        case "armed_clash" -> {
          subType = "armed_clash";
          group = "military";
          victims = random.nextBoolean() ? country : other;
          actors.add(new Actor(forces(other), other, "actor1"));
          actors.add(new Actor(forces(country), country, "actor2"));
        }
        case "shelling" -> {
          subType = random.nextBoolean() ? "artillery_shelling" : "mortar_shelling";
          group = random.nextDouble() < 0.8 ? "civilian" : "military";
          actors.add(new Actor(forces(other), other, "actor1"));
          actors.add(new Actor(civilians(country), country, "actor2"));
        }
        default -> {
          boolean shotDown = random.nextBoolean();
          subType = shotDown ? "drone_shot_down" : "drone_strike";
          group = shotDown || random.nextBoolean() ? "military" : "civilian";
          actors.add(new Actor(forces(shotDown ? country : other), shotDown ? country : other, "actor1"));
          actors.add(new Actor(shotDown ? forces(other) : civilians(country), shotDown ? other : country, "actor2"));
        }
      }
      // A drone shot down is not a strike: ACLED codes it as disrupted weapons use.
      String eventType = subType.equals("drone_shot_down") ? "disrupted_weapons_use" : drawn;
      List<String> claimants = new ArrayList<>(List.of(ministry(country)));
      if (random.nextDouble() < 0.4) {
        claimants.add(ministry(other));
      }
      claimants.forEach(c -> actors.add(new Actor(c, c.endsWith("Armenia") ? "AM" : "AZ", "claimant")));

      List<SourceRef> sources = new ArrayList<>();
      int sourceCount = random.nextDouble() < 0.6 ? 1 : 2;
      for (int s = 1; s <= sourceCount; s++) {
        Publisher pub = PUBLISHERS.get(random.nextInt(PUBLISHERS.size()));
        sources.add(new SourceRef("S" + s, pub.name(), dateEnd.plusDays(random.nextInt(2)).toString(), "day",
            "https://reports.example/synthetic/" + id + "/S" + s, pub.language(),
            "Reports " + eventType.replace('_', ' ') + " near " + place.name() + ".", "paraphrase"));
      }
      List<Claim> fatalities = claims(random, 0.45, group, victims, claimants, sourceCount);
      List<Claim> injuries = claims(random, 0.35, group, victims, claimants, sourceCount);

      return new Incident(id, date, dateEnd, range ? "range" : "day", eventType, subType, place.id(), place.name(),
          country, place.admin1(), place.admin2(), precision, uncertainty, point, List.copyOf(actors), fatalities,
          injuries, List.copyOf(sources), "Synthetic record generated for benchmarks; not an observed event.");
    }

    /** Rival claims about the same people, the usual case in these reports: one per claimant. */
    private static List<Claim> claims(Random random, double share, String group, String side, List<String> claimants,
        int sourceCount) {
      if (random.nextDouble() >= share) {
        return List.of();
      }
      int base = (int) Math.min(12, Math.floor(-Math.log(1 - random.nextDouble()) * 2));
      List<Claim> out = new ArrayList<>();
      for (String claimant : claimants) {
        int count = claimant.endsWith(side.equals("AM") ? "Armenia" : "Azerbaijan") ? base : base + random.nextInt(4);
        out.add(new Claim(group, side, count, claimant, "S" + (1 + random.nextInt(sourceCount))));
      }
      return List.copyOf(out);
    }

    private Settlement weightedPlace(Random random) {
      double x = random.nextDouble() * places.get(places.size() - 1).cumulativeWeight();
      int lo = 0;
      int hi = places.size() - 1;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (places.get(mid).cumulativeWeight() < x) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return places.get(lo).settlement();
    }

    /** The settlement nearest to a point, on the given side of the border when it has one. */
    private Settlement nearestPlace(Coordinate c, String side) {
      Settlement best = null;
      double bestDistance = Double.MAX_VALUE;
      double cos = Math.cos(Math.toRadians(c.y));
      for (Place p : places) {
        Settlement s = p.settlement();
        if (side != null && !side.equals(s.country())) {
          continue;
        }
        Coordinate sc = s.point().getCoordinate();
        double d = Math.hypot((sc.x - c.x) * cos, sc.y - c.y);
        if (d < bestDistance) {
          bestDistance = d;
          best = s;
        }
      }
      return best == null ? nearestPlace(c, null) : best;
    }

    /** A point on the border inside the region, uniformly by length. */
    private Coordinate onBorder(Random random) {
      double x = random.nextDouble() * borderCumulative[borderCumulative.length - 1];
      int k = Arrays.binarySearch(borderCumulative, x);
      k = k >= 0 ? k : -k - 1;
      Coordinate[] segment = borderSegments.get(k);
      double t = random.nextDouble();
      return new Coordinate(segment[0].x + t * (segment[1].x - segment[0].x), segment[0].y + t * (segment[1].y - segment[0].y));
    }

    /** A point up to {@code metres} from c in a random direction, inside the region. */
    private static Coordinate jitter(Random random, Coordinate c, double metres) {
      while (true) {
        double r = metres * Math.sqrt(random.nextDouble());
        double angle = random.nextDouble() * 2 * Math.PI;
        Coordinate out = new Coordinate(
            round(c.x + r * Math.cos(angle) / (METRES_PER_DEGREE * Math.cos(Math.toRadians(c.y)))),
            round(c.y + r * Math.sin(angle) / METRES_PER_DEGREE));
        // Drawn again rather than clamped: clamping would line points up along the region's edge.
        if (REGION.contains(out)) {
          return out;
        }
      }
    }

    private static double round(double degrees) {
      return Math.round(degrees * 1e5) / 1e5;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
      return a.isBefore(b) ? a : b;
    }

    private static String forces(String side) {
      return "Military Forces of " + (side.equals("AM") ? "Armenia" : "Azerbaijan");
    }

    private static String civilians(String side) {
      return "Civilians (" + (side.equals("AM") ? "Armenia" : "Azerbaijan") + ")";
    }

    private static String ministry(String side) {
      return "Ministry of Defence of " + (side.equals("AM") ? "Armenia" : "Azerbaijan");
    }
  }
}
