// Nearby open cases of the same request type: the likely duplicates of a report with a position.
// A bounding box on the (request_type_id, latitude, longitude) index narrows the rows; the
// haversine distance then orders them. No PostGIS needed.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { FINISHED_CATEGORIES } from './workflow/model.js';

export interface NearbyCase {
  reference: string;
  status: string;
  receivedAt: Date;
  locationAddress: string | null;
  distanceMetres: number;
}

const EARTH_RADIUS_M = 6371000;
const METRES_PER_DEGREE = (Math.PI * EARTH_RADIUS_M) / 180;

export async function nearbyOpenCases(
  db: Db,
  near: { requestTypeId: string; latitude: number; longitude: number; excludeReference?: string },
  options: { radiusMetres?: number; limit?: number } = {},
): Promise<NearbyCase[]> {
  const radius = options.radiusMetres ?? 150;
  const dLat = radius / METRES_PER_DEGREE;
  const dLon = radius / (METRES_PER_DEGREE * Math.max(Math.cos((near.latitude * Math.PI) / 180), 0.01));
  const distance = sql<number>`2 * ${EARTH_RADIUS_M} * asin(sqrt(
    power(sin(radians(latitude - ${near.latitude}) / 2), 2) +
    cos(radians(${near.latitude})) * cos(radians(latitude)) * power(sin(radians(longitude - ${near.longitude}) / 2), 2)))`;
  let query = db
    .selectFrom('cases')
    .select(['reference', 'status', 'received_at', 'location_address', distance.as('distance')])
    .where('request_type_id', '=', near.requestTypeId)
    .where('latitude', '>=', near.latitude - dLat)
    .where('latitude', '<=', near.latitude + dLat)
    .where('longitude', '>=', near.longitude - dLon)
    .where('longitude', '<=', near.longitude + dLon)
    .where('status_category', 'not in', FINISHED_CATEGORIES);
  if (near.excludeReference) query = query.where('reference', '!=', near.excludeReference);
  const rows = await query.orderBy('distance').limit(options.limit ?? 5).execute();
  return rows
    .filter((r) => Number(r.distance) <= radius)
    .map((r) => ({ reference: r.reference, status: r.status, receivedAt: r.received_at, locationAddress: r.location_address, distanceMetres: Math.round(Number(r.distance)) }));
}
