-- CQL2 arithmetic, by the name the embedded store registers for its Java function
-- (org.incidentatlas.store.SqlFunctions.arithmetic), giving the same answers: null where there is
-- no finite number, which PostgreSQL reports as an error (a division by zero, an overflow or
-- underflow, a fractional power of a negative number), so that the comparison is unknown and the
-- request is not an error. The remainder is taken on numeric, as float8 has none.
CREATE FUNCTION atlas_arithmetic(operator TEXT, a DOUBLE PRECISION, b DOUBLE PRECISION) RETURNS DOUBLE PRECISION
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  RETURN CASE operator
    WHEN 'ADD' THEN a + b
    WHEN 'SUBTRACT' THEN a - b
    WHEN 'MULTIPLY' THEN a * b
    WHEN 'DIVIDE' THEN a / b
    WHEN 'MODULO' THEN mod(a::numeric, b::numeric)::double precision
    WHEN 'DIV' THEN trunc(a / b)
    WHEN 'POWER' THEN power(a, b)
  END;
EXCEPTION WHEN numeric_value_out_of_range OR division_by_zero OR invalid_argument_for_power_function THEN
  RETURN NULL;
END
$$;
