-- The functions the layers' filters call, by the names the embedded store registers for its Java
-- functions (org.incidentatlas.store.SqlFunctions), so that both engines run the same SQL. The
-- spatial index answers the box test (&&) before these give the exact answer.

CREATE FUNCTION atlas_spatial(relation TEXT, a public.geometry, b public.geometry) RETURNS BOOLEAN
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE relation
    WHEN 'INTERSECTS' THEN public.ST_Intersects(a, b)
    WHEN 'EQUALS' THEN public.ST_Equals(a, b)
    WHEN 'DISJOINT' THEN public.ST_Disjoint(a, b)
    WHEN 'TOUCHES' THEN public.ST_Touches(a, b)
    WHEN 'WITHIN' THEN public.ST_Within(a, b)
    WHEN 'OVERLAPS' THEN public.ST_Overlaps(a, b)
    WHEN 'CROSSES' THEN public.ST_Crosses(a, b)
    WHEN 'CONTAINS' THEN public.ST_Contains(a, b)
  END
$$;

-- Distance on the WGS84 ellipsoid, as the embedded store measures it with GeographicLib.
CREATE FUNCTION atlas_within_distance(a public.geometry, b public.geometry, metres DOUBLE PRECISION) RETURNS BOOLEAN
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT public.ST_DWithin(a::public.geography, b::public.geography, metres, true)
$$;

CREATE FUNCTION atlas_arrays(relation TEXT, a VARCHAR[], b VARCHAR[]) RETURNS BOOLEAN
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE relation
    WHEN 'CONTAINS' THEN a @> b
    WHEN 'CONTAINEDBY' THEN a <@ b
    WHEN 'OVERLAPS' THEN a && b
  END
$$;

-- H2's ARRAY_CONTAINS, which the filter parameters of list properties use.
CREATE FUNCTION array_contains(a VARCHAR[], v VARCHAR) RETURNS BOOLEAN
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT v = ANY(a)
$$;
