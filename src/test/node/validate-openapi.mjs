// Validates an OpenAPI 3.0 document against the specification's schema and checks its references.
// Usage: node validate-openapi.mjs FILE. Exit 0 and "valid", or exit 1 and the errors.
import SwaggerParser from '@apidevtools/swagger-parser';

try {
  await SwaggerParser.validate(process.argv[2]);
  console.log('valid');
} catch (error) {
  console.log(error.message);
  process.exit(1);
}
