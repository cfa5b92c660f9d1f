// The demo council's service catalogue: teams, services, the standards Brackenfield publishes in its
// Customer Charter, and the request types (with their form fields) residents, advisors and other
// systems raise. Plain data, written as a real English district council would write it.
import type { Audience, CaseMilestone, Channel, Stage } from '../features/charter/model.js';
import type { ClockUnit } from '../time/clock.js';

export interface DemoField {
  code: string;
  label: string;
  type: 'text' | 'long_text' | 'number' | 'date' | 'single_choice' | 'multiple_choice' | 'yes_no' | 'location' | 'attachment';
  required: boolean;
  hint?: string;
  options?: { value: string; label: string }[];
  maxLength?: number;
  min?: number;
  max?: number;
  dateRule?: 'past' | 'future' | 'any';
  order: number;
}

export interface DemoStandard {
  code: string;
  sentence: string;
  stage: Stage;
  clockUnit: ClockUnit;
  clockAmount: number;
  startEvent: CaseMilestone;
  stopEvent: CaseMilestone;
  targetPercent: number;
  published: boolean;
}

export interface DemoRequestType {
  code: string;
  name: string;
  description: string;
  audiences: Audience[];
  /** Whether anyone may see where its cases are over Open311: street reports yes; absent (a home address) no. */
  locationPublic?: boolean;
  standardCodes: string[];
  fields: DemoField[];
}

export interface DemoService {
  code: string;
  name: string;
  department: string;
  /** The name of one of DEMO_TEAMS. */
  team: string;
  description: string;
  channels: Channel[];
  published: boolean;
  standards: DemoStandard[];
  requestTypes: DemoRequestType[];
}

// ---- teams

const ENVIRONMENT = 'Environment and Waste';
const REVENUES = 'Revenues and Benefits';
const HOUSING = 'Housing';
const PLANNING = 'Planning and Regulation';
const COMMUNITIES = 'Communities';
const CUSTOMER_SERVICES = 'Customer Services';

export const DEMO_TEAMS: { name: string; department: string; email: string }[] = [
  { name: 'Waste and Recycling', department: ENVIRONMENT, email: 'waste.recycling@brackenfield.example' },
  { name: 'Street Scene', department: ENVIRONMENT, email: 'street.scene@brackenfield.example' },
  { name: 'Highways and Lighting Liaison', department: ENVIRONMENT, email: 'highways.lighting@brackenfield.example' },
  { name: 'Environmental Health', department: PLANNING, email: 'environmental.health@brackenfield.example' },
  { name: 'Development Management', department: PLANNING, email: 'planning@brackenfield.example' },
  { name: 'Licensing', department: PLANNING, email: 'licensing@brackenfield.example' },
  { name: 'Council Tax', department: REVENUES, email: 'council.tax@brackenfield.example' },
  { name: 'Benefits', department: REVENUES, email: 'benefits@brackenfield.example' },
  { name: 'Housing Repairs', department: HOUSING, email: 'housing.repairs@brackenfield.example' },
  { name: 'Libraries and Leisure', department: COMMUNITIES, email: 'libraries.leisure@brackenfield.example' },
  { name: 'Customer Services Centre', department: CUSTOMER_SERVICES, email: 'customer.services@brackenfield.example' },
];

// ---- helpers that keep the catalogue readable

type FieldSpec = Omit<DemoField, 'order'>;

/** Numbers the fields in the order given. */
function form(...fields: FieldSpec[]): DemoField[] {
  return fields.map((field, index) => ({ ...field, order: index + 1 }));
}

function options(...pairs: [value: string, label: string][]): { value: string; label: string }[] {
  return pairs.map(([value, label]) => ({ value, label }));
}

const STREET: Audience[] = ['resident', 'advisor', 'system'];
const ACCOUNT: Audience[] = ['resident', 'advisor'];

const STREET_CHANNELS: Channel[] = ['web', 'phone', 'email', 'webchat', 'open311'];
const ACCOUNT_CHANNELS: Channel[] = ['web', 'phone', 'email', 'face_to_face', 'letter'];

function location(label = 'Where is it?', hint = 'Use the map, or enter the nearest address, street name or landmark'): FieldSpec {
  return { code: 'location', label, type: 'location', required: true, hint };
}

function address(label = 'What is the address?'): FieldSpec {
  return { code: 'address', label, type: 'location', required: true, hint: 'Enter the postcode and choose the address from the list' };
}

function photo(hint = 'A clear photo helps our team find and deal with the problem. Do not put yourself at risk to take one.'): FieldSpec {
  return { code: 'photo', label: 'Add a photo', type: 'attachment', required: false, hint };
}

function anythingElse(label = 'Is there anything else we should know?', hint?: string): FieldSpec {
  return { code: 'anything_else', label, type: 'long_text', required: false, maxLength: 1000, ...(hint ? { hint } : {}) };
}

/** The standard most street reports share. */
const acknowledge = (target = 98): DemoStandard => ({
  code: 'acknowledge',
  sentence: 'We will acknowledge your report within 1 working day',
  stage: 'acknowledgement',
  clockUnit: 'working_days',
  clockAmount: 1,
  startEvent: 'received',
  stopEvent: 'acknowledged',
  targetPercent: target,
  published: true,
});

// ---- the services

export const DEMO_SERVICES: DemoService[] = [
  // Environment and Waste: bins
  {
    code: 'missed-bin',
    name: 'Missed bin collection',
    department: ENVIRONMENT,
    team: 'Waste and Recycling',
    description:
      'Tell us if your bin was not emptied on your collection day. Put your bin out by 7am on your collection day and leave it out until we collect it. You can also ask for a new or replacement bin.',
    channels: ['web', 'phone', 'email', 'webchat', 'sms', 'open311'],
    published: true,
    standards: [
      acknowledge(98),
      {
        code: 'collect',
        sentence: 'We will collect a missed bin within 2 working days of your report',
        stage: 'resolution',
        clockUnit: 'working_days',
        clockAmount: 2,
        startEvent: 'received',
        stopEvent: 'resolved',
        targetPercent: 95,
        published: true,
      },
      {
        code: 'deliver-bin',
        sentence: 'We will deliver a new or replacement bin within 10 working days',
        stage: 'resolution',
        clockUnit: 'working_days',
        clockAmount: 10,
        startEvent: 'received',
        stopEvent: 'resolved',
        targetPercent: 90,
        published: true,
      },
    ],
    requestTypes: [
      {
        code: 'missed-bin',
        name: 'Report a missed bin',
        description: 'Report a bin that was not emptied on your collection day.',
        audiences: STREET,
        // The household's address: only the system that sent a report sees it.
        locationPublic: false,
        standardCodes: ['acknowledge', 'collect'],
        fields: form(
          {
            code: 'bin_type',
            label: 'Which bin was missed?',
            type: 'single_choice',
            required: true,
            options: options(
              ['general_waste', 'General waste (black bin)'],
              ['recycling', 'Recycling (blue bin)'],
              ['garden_waste', 'Garden waste (green bin)'],
              ['food_waste', 'Food waste (caddy)'],
            ),
          },
          {
            code: 'collection_date',
            label: 'When should it have been collected?',
            type: 'date',
            required: true,
            hint: 'For example, 27 3 2026',
            dateRule: 'past',
          },
          location('What is the address of the property?', 'Enter the postcode and choose the address from the list'),
          anythingElse('Is there anything else we should know?', 'For example, if your bin is kept somewhere other than the front of the property'),
        ),
      },
      {
        code: 'replacement-bin',
        name: 'Ask for a new or replacement bin',
        description: 'Order a bin for a new home, or replace one that is damaged, lost or stolen.',
        audiences: ACCOUNT,
        standardCodes: ['deliver-bin'],
        fields: form(
          {
            code: 'bin_type',
            label: 'Which bin do you need?',
            type: 'single_choice',
            required: true,
            options: options(
              ['general_waste', 'General waste (black bin)'],
              ['recycling', 'Recycling (blue bin)'],
              ['garden_waste', 'Garden waste (green bin)'],
              ['food_waste', 'Food waste (caddy)'],
            ),
          },
          {
            code: 'reason',
            label: 'Why do you need a bin?',
            type: 'single_choice',
            required: true,
            options: options(['damaged', 'My bin is damaged'], ['lost_or_stolen', 'My bin has been lost or stolen'], ['new_property', 'I have moved into a new-build home']),
          },
          address(),
          photo('If your bin is damaged, a photo of the damage helps us decide whether it can be repaired'),
        ),
      },
    ],
  },
  {
    code: 'bulky-waste',
    name: 'Bulky waste collection',
    department: ENVIRONMENT,
    team: 'Waste and Recycling',
    description:
      'Book a collection of large household items, such as furniture, mattresses and white goods. There is a charge of £30 for up to 3 items. We cannot collect building waste, garden waste or items from inside your home.',
    channels: ['web', 'phone', 'face_to_face'],
    published: true,
    standards: [
      {
        code: 'confirm-booking',
        sentence: 'We will confirm your booking and collection date within 2 working days',
        stage: 'acknowledgement',
        clockUnit: 'working_days',
        clockAmount: 2,
        startEvent: 'received',
        stopEvent: 'acknowledged',
        targetPercent: 97,
        published: true,
      },
      {
        code: 'collect',
        sentence: 'We will collect your items within 10 working days of confirming your booking',
        stage: 'resolution',
        clockUnit: 'working_days',
        clockAmount: 10,
        startEvent: 'acknowledged',
        stopEvent: 'resolved',
        targetPercent: 92,
        published: true,
      },
    ],
    requestTypes: [
      {
        code: 'bulky-waste-collection',
        name: 'Book a bulky waste collection',
        description: 'Book a collection of up to 3 large household items.',
        audiences: ACCOUNT,
        standardCodes: ['confirm-booking', 'collect'],
        fields: form(
          {
            code: 'items',
            label: 'What do you need us to collect?',
            type: 'multiple_choice',
            required: true,
            hint: 'Select all that apply',
            options: options(
              ['sofa', 'Sofa or armchair'],
              ['mattress', 'Mattress'],
              ['bed_frame', 'Bed frame'],
              ['wardrobe', 'Wardrobe or chest of drawers'],
              ['table_chairs', 'Table or chairs'],
              ['fridge_freezer', 'Fridge or freezer'],
              ['washing_machine', 'Washing machine, dishwasher or cooker'],
              ['other', 'Something else'],
            ),
          },
          {
            code: 'number_of_items',
            label: 'How many items are there in total?',
            type: 'number',
            required: true,
            hint: 'A 3-piece suite counts as 3 items',
            min: 1,
            max: 3,
          },
          {
            code: 'where_left',
            label: 'Where will you leave the items?',
            type: 'single_choice',
            required: true,
            hint: 'Items must be outside by 7am on the collection day',
            options: options(['front_garden', 'Front garden'], ['driveway', 'Driveway'], ['kerbside', 'At the kerbside'], ['bin_store', 'Communal bin store']),
          },
          address('Where should we collect from?'),
          anythingElse('Is there anything else our crew should know?', 'For example, a gate code or where to park'),
        ),
      },
    ],
  },
  // Environment and Waste: street scene
  {
    code: 'fly-tipping',
    name: 'Fly-tipping',
    department: ENVIRONMENT,
    team: 'Street Scene',
    description:
      'Report rubbish that has been dumped illegally on public land, such as a road, pavement, verge or park. Do not touch the waste or approach anyone dumping it: it may be hazardous. If waste has been dumped on private land, the landowner is responsible for clearing it.',
    channels: STREET_CHANNELS,
    published: true,
    standards: [
      acknowledge(98),
      {
        code: 'inspect',
        sentence: 'We will inspect fly-tipping within 2 working days of your report',
        stage: 'visit',
        clockUnit: 'working_days',
        clockAmount: 2,
        startEvent: 'received',
        stopEvent: 'visited',
        targetPercent: 95,
        published: false,
      },
      {
        code: 'remove',
        sentence: 'We will remove fly-tipping from public land within 5 working days of your report',
        stage: 'resolution',
        clockUnit: 'working_days',
        clockAmount: 5,
        startEvent: 'received',
        stopEvent: 'resolved',
        targetPercent: 90,
        published: true,
      },
    ],
    requestTypes: [
      {
        code: 'report-fly-tipping',
        name: 'Report fly-tipping',
        description: 'Report rubbish dumped on a road, pavement, verge or other public land.',
        audiences: STREET,
        locationPublic: true,
        standardCodes: ['acknowledge', 'inspect', 'remove'],
        fields: form(
          {
            code: 'waste_type',
            label: 'What has been dumped?',
            type: 'multiple_choice',
            required: true,
            hint: 'Select all that apply',
            options: options(
              ['black_bags', 'Black bags or household rubbish'],
              ['furniture', 'Furniture or mattresses'],
              ['electrical', 'Fridges, freezers or other electrical items'],
              ['building_rubble', 'Building rubble or DIY waste'],
              ['garden_waste', 'Garden waste'],
              ['tyres', 'Tyres'],
              ['asbestos', 'Asbestos, chemicals or drums'],
              ['other', 'Something else'],
            ),
          },
          {
            code: 'amount',
            label: 'How much has been dumped?',
            type: 'single_choice',
            required: true,
            options: options(
              ['single_item', 'A single item or bag'],
              ['car_boot', 'About a car boot load'],
              ['small_van', 'About a small van load'],
              ['lorry', 'About a lorry load or more'],
            ),
          },
          location(),
          {
            code: 'blocking',
            label: 'Is it blocking a road or path?',
            type: 'yes_no',
            required: true,
          },
          photo(),
        ),
      },
    ],
  },
  {
    code: 'graffiti',
    name: 'Graffiti',
    department: ENVIRONMENT,
    team: 'Street Scene',
    description:
      'Report graffiti on public property such as bus shelters, walls, signs and benches. We remove offensive or racist graffiti as a priority. If graffiti is on private property, we can remove it free of charge with the owner’s permission.',
    channels: STREET_CHANNELS,
    published: true,
    standards: [
      acknowledge(98),
      {
        code: 'remove-offensive',
        sentence: 'We will remove offensive or racist graffiti within 1 working day of your report',
        stage: 'resolution',
        clockUnit: 'working_days',
        clockAmount: 1,
        startEvent: 'received',
        stopEvent: 'resolved',
        targetPercent: 95,
        published: true,
      },
      {
        code: 'remove',
        sentence: 'We will remove other graffiti from public property within 10 working days of your report',
        stage: 'resolution',
        clockUnit: 'working_days',
        clockAmount: 10,
        startEvent: 'received',
        stopEvent: 'resolved',
        targetPercent: 90,
        published: true,
      },
    ],
    requestTypes: [
      {
        code: 'report-graffiti',
        name: 'Report graffiti',
        description: 'Report graffiti on public property.',
        audiences: STREET,
        locationPublic: true,
        standardCodes: ['acknowledge', 'remove'],
        fields: form(
          {
            code: 'surface',
            label: 'What is the graffiti on?',
            type: 'single_choice',
            required: true,
            options: options(
              ['wall', 'A wall or fence'],
              ['bus_shelter', 'A bus shelter'],
              ['sign', 'A road sign or street name plate'],
              ['street_furniture', 'A bench, bin or other street furniture'],
              ['other', 'Something else'],
            ),
          },
          {
            code: 'size',
            label: 'About how big is it?',
            type: 'single_choice',
            required: true,
            options: options(['small', 'Smaller than a doormat'], ['medium', 'About the size of a door'], ['large', 'Larger than a door']),
          },
          location(),
          photo(),
        ),
      },
      {
        code: 'report-offensive-graffiti',
        name: 'Report offensive or racist graffiti',
        description: 'Report graffiti that is offensive, racist or threatening so that we can remove it quickly.',
        audiences: STREET,
        locationPublic: true,
        standardCodes: ['acknowledge', 'remove-offensive'],
        fields: form(
          location(),
          {
            code: 'description',
            label: 'Describe the graffiti',
            type: 'long_text',
            required: true,
            hint: 'Tell us what it shows and what it is on. You do not need to repeat any offensive words.',
            maxLength: 500,
          },
          photo(),
        ),
      },
    ],
  },
  {
    code: 'dog-fouling',
    name: 'Dog fouling',
    department: ENVIRONMENT,
    team: 'Street Scene',
    description:
      'Report dog fouling on pavements, parks and other public places. Tell us when it happens so that our enforcement officers can patrol at the right times. This service is a pilot in the Ashwell Green and Thornby wards.',
    channels: ['web', 'phone', 'open311'],
    published: false,
    standards: [
      acknowledge(98),
      {
        code: 'clear',
        sentence: 'We will clear reported dog fouling within 3 working days',
        stage: 'resolution',
        clockUnit: 'working_days',
        clockAmount: 3,
        startEvent: 'received',
        stopEvent: 'resolved',
        targetPercent: 90,
        published: false,
      },
    ],
    requestTypes: [
      {
        code: 'report-dog-fouling',
        name: 'Report dog fouling',
        description: 'Report dog fouling in a public place.',
        audiences: STREET,
        locationPublic: true,
        standardCodes: ['acknowledge', 'clear'],
        fields: form(
          location(),
          {
            code: 'how_often',
            label: 'How often is there dog fouling here?',
            type: 'single_choice',
            required: true,
            options: options(['once', 'This is the first time I have seen it'], ['weekly', 'Most weeks'], ['daily', 'Most days']),
          },
          {
            code: 'times_seen',
            label: 'When have you seen dogs being walked here without owners clearing up?',
            type: 'multiple_choice',
            required: false,
            hint: 'Select all that apply',
            options: options(['early_morning', 'Before 8am'], ['daytime', 'During the day'], ['evening', 'In the evening'], ['weekend', 'At weekends']),
          },
          photo(),
        ),
      },
    ],
  },
  {
    code: 'abandoned-vehicle',
    name: 'Abandoned vehicles',
    department: ENVIRONMENT,
    team: 'Street Scene',
    description:
      'Report a vehicle that you think has been abandoned on a road or public land. A vehicle is not abandoned just because it is parked in the same place for a long time: it may be abandoned if it is untaxed, damaged or burnt out. If a vehicle is causing an obstruction or danger, call the police on 101.',
    channels: STREET_CHANNELS,
    published: true,
    standards: [
      acknowledge(98),
      {
        code: 'inspect',
        sentence: 'We will inspect a reported abandoned vehicle within 3 working days',
        stage: 'visit',
        clockUnit: 'working_days',
        clockAmount: 3,
        startEvent: 'received',
        stopEvent: 'visited',
        targetPercent: 90,
        published: true,
      },
    ],
    requestTypes: [
      {
        code: 'report-abandoned-vehicle',
        name: 'Report an abandoned vehicle',
        description: 'Report a vehicle that looks abandoned on a road or public land.',
        audiences: STREET,
        locationPublic: true,
        standardCodes: ['acknowledge', 'inspect'],
        fields: form(
          {
            code: 'registration',
            label: 'Vehicle registration number',
            type: 'text',
            required: false,
            hint: 'For example, AB12 CDE. Leave this blank if there are no number plates.',
            maxLength: 8,
          },
          {
            code: 'make_colour',
            label: 'Make, model and colour',
            type: 'text',
            required: true,
            hint: 'For example, blue Ford Fiesta',
            maxLength: 100,
          },
          {
            code: 'how_long',
            label: 'How long has it been there?',
            type: 'single_choice',
            required: true,
            options: options(['under_week', 'Less than a week'], ['one_to_four_weeks', '1 to 4 weeks'], ['over_month', 'More than a month'], ['not_sure', 'I do not know']),
          },
          {
            code: 'condition',
            label: 'What condition is it in?',
            type: 'multiple_choice',
            required: true,
            hint: 'Select all that apply',
            options: options(
              ['untaxed', 'It is not taxed'],
              ['flat_tyres', 'It has flat or missing tyres'],
              ['broken_windows', 'It has broken windows'],
              ['burnt_out', 'It is burnt out'],
              ['full_of_rubbish', 'It is full of rubbish'],
              ['looks_fine', 'None of these'],
            ),
          },
          location(),
        ),
      },
    ],
  },
  // Environment and Waste: highways, passed to the county council
  {
    code: 'pothole',
    name: 'Potholes and road defects',
    department: ENVIRONMENT,
    team: 'Highways and Lighting Liaison',
    description:
      'Report a pothole or other damage to a road or pavement. Roads and pavements in Brackenfield are looked after by the county council, the highway authority. We will pass your report to their highways team, who will decide what repairs are needed and when. If the damage is causing an immediate danger, phone us.',
    channels: STREET_CHANNELS,
    published: true,
    standards: [
      acknowledge(98),
      {
        code: 'pass-to-county',
        sentence: 'We will pass your report to the county council’s highways team within 2 working days',
        stage: 'first_response',
        clockUnit: 'working_days',
        clockAmount: 2,
        startEvent: 'received',
        stopEvent: 'resolved',
        targetPercent: 97,
        published: true,
      },
    ],
    requestTypes: [
      {
        code: 'report-pothole',
        name: 'Report a pothole',
        description: 'Report a pothole or damage to a road, pavement or cycle lane.',
        audiences: STREET,
        locationPublic: true,
        standardCodes: ['acknowledge', 'pass-to-county'],
        fields: form(
          {
            code: 'where_on_road',
            label: 'Where is the pothole?',
            type: 'single_choice',
            required: true,
            options: options(['road', 'In the road'], ['pavement', 'On the pavement'], ['cycle_lane', 'In a cycle lane'], ['kerb', 'On the kerb']),
          },
          {
            code: 'size',
            label: 'About how big is it?',
            type: 'single_choice',
            required: true,
            options: options(
              ['small', 'Smaller than a dinner plate'],
              ['medium', 'About the size of a dustbin lid'],
              ['large', 'Larger than a dustbin lid'],
            ),
          },
          {
            code: 'immediate_danger',
            label: 'Is it causing an immediate danger to people or vehicles?',
            type: 'yes_no',
            required: true,
            hint: 'If it is, please also phone us on 01632 960 001',
          },
          location(),
          photo(),
        ),
      },
    ],
  },
  {
    code: 'street-lighting',
    name: 'Street lighting',
    department: ENVIRONMENT,
    team: 'Highways and Lighting Liaison',
    description:
      'Report a street light that is not working, is on during the day or is damaged. We look after lights on council estates, footpaths and car parks, and pass reports about lights on main roads to the county council. If a light has been knocked down or has exposed wires, phone us straight away.',
    channels: STREET_CHANNELS,
    published: true,
    standards: [
      acknowledge(98),
      {
        code: 'make-safe',
        sentence: 'We will make a dangerous street light safe within 4 working hours',
        stage: 'first_response',
        clockUnit: 'working_hours',
        clockAmount: 4,
        startEvent: 'received',
        stopEvent: 'visited',
        targetPercent: 98,
        published: true,
      },
      {
        code: 'repair',
        sentence: 'We will repair a faulty street light within 10 working days',
        stage: 'resolution',
        clockUnit: 'working_days',
        clockAmount: 10,
        startEvent: 'received',
        stopEvent: 'resolved',
        targetPercent: 90,
        published: true,
      },
    ],
    requestTypes: [
      {
        code: 'street-light-fault',
        name: 'Report a faulty street light',
        description: 'Report a street light that is out, flickering or on during the day.',
        audiences: STREET,
        locationPublic: true,
        standardCodes: ['acknowledge', 'repair'],
        fields: form(
          {
            code: 'fault',
            label: 'What is wrong with the light?',
            type: 'single_choice',
            required: true,
            options: options(
              ['not_working', 'It is not working at night'],
              ['on_in_day', 'It is on during the day'],
              ['flickering', 'It is flickering or flashing'],
              ['dim', 'It is dim'],
            ),
          },
          {
            code: 'column_number',
            label: 'Street light number',
            type: 'text',
            required: false,
            hint: 'You can find this on a small plate on the post, about head height',
            maxLength: 12,
          },
          location(),
        ),
      },
      {
        code: 'dangerous-street-light',
        name: 'Report a dangerous street light',
        description: 'Report a street light that has been knocked down, is leaning, or has exposed wires or a missing door.',
        audiences: STREET,
        locationPublic: true,
        standardCodes: ['acknowledge', 'make-safe'],
        fields: form(
          {
            code: 'danger',
            label: 'What is the danger?',
            type: 'single_choice',
            required: true,
            options: options(
              ['knocked_down', 'The post has been knocked down'],
              ['leaning', 'The post is leaning'],
              ['exposed_wires', 'There are exposed wires'],
              ['door_missing', 'The door at the bottom of the post is missing'],
              ['hanging', 'The lamp is hanging loose'],
            ),
          },
          {
            code: 'column_number',
            label: 'Street light number',
            type: 'text',
            required: false,
            hint: 'Only if you can see it safely. It is on a small plate on the post.',
            maxLength: 12,
          },
          location(),
          photo('Only take a photo if you can do so safely. Keep away from exposed wires.'),
        ),
      },
    ],
  },
  // Planning and Regulation: environmental health
  {
    code: 'noise-nuisance',
    name: 'Noise nuisance',
    department: PLANNING,
    team: 'Environmental Health',
    description:
      'Report noise that is affecting you in your home, such as loud music, barking dogs, alarms or noise from businesses. If you feel able to, try talking to the person causing the noise first. We will ask you to keep a diary of the noise for 2 weeks so that we can decide whether it is a statutory nuisance.',
    channels: ['web', 'phone', 'email', 'face_to_face'],
    published: true,
    standards: [
      acknowledge(98),
      {
        code: 'officer-contact',
        sentence: 'An officer will contact you within 5 working days to discuss your complaint and send you diary sheets',
        stage: 'first_response',
        clockUnit: 'working_days',
        clockAmount: 5,
        startEvent: 'received',
        stopEvent: 'assigned',
        targetPercent: 90,
        published: true,
      },
    ],
    requestTypes: [
      {
        code: 'report-noise',
        name: 'Report a noise problem',
        description: 'Report noise from a home, business or vehicle that is affecting you.',
        audiences: ACCOUNT,
        standardCodes: ['acknowledge', 'officer-contact'],
        fields: form(
          {
            code: 'noise_type',
            label: 'What kind of noise is it?',
            type: 'single_choice',
            required: true,
            options: options(
              ['music', 'Loud music or TV'],
              ['dogs', 'Barking dogs'],
              ['voices', 'Shouting or parties'],
              ['diy', 'DIY or building work'],
              ['alarm', 'A house or car alarm'],
              ['business', 'A pub, shop, factory or other business'],
              ['other', 'Something else'],
            ),
          },
          {
            code: 'when_it_happens',
            label: 'When does the noise happen?',
            type: 'long_text',
            required: true,
            hint: 'Tell us the days and times, and how long it usually goes on for',
            maxLength: 1000,
          },
          {
            code: 'how_often',
            label: 'How often does it happen?',
            type: 'single_choice',
            required: true,
            options: options(['once', 'It has happened once'], ['weekly', 'Once or twice a week'], ['most_days', 'Most days'], ['every_day', 'Every day']),
          },
          {
            code: 'started_on',
            label: 'When did the noise problem start?',
            type: 'date',
            required: false,
            hint: 'For example, 14 1 2026. An approximate date is fine.',
            dateRule: 'past',
          },
          location('Where is the noise coming from?', 'Enter the address or, if you do not know it, the street and a description'),
          {
            code: 'spoken_to_them',
            label: 'Have you spoken to the person causing the noise?',
            type: 'yes_no',
            required: true,
          },
        ),
      },
    ],
  },
  {
    code: 'pest-control',
    name: 'Pest control',
    department: PLANNING,
    team: 'Environmental Health',
    description:
      'Book a treatment for rats, mice, wasps, bedbugs, fleas or cockroaches in your home or garden. We charge for most treatments. Rat treatments are free if you get Council Tax Reduction.',
    channels: ['web', 'phone', 'face_to_face'],
    published: true,
    standards: [
      {
        code: 'confirm-booking',
        sentence: 'We will contact you to arrange a treatment within 2 working days',
        stage: 'acknowledgement',
        clockUnit: 'working_days',
        clockAmount: 2,
        startEvent: 'received',
        stopEvent: 'acknowledged',
        targetPercent: 95,
        published: true,
      },
      {
        code: 'first-visit',
        sentence: 'We will make the first treatment visit within 5 working days of your request',
        stage: 'visit',
        clockUnit: 'working_days',
        clockAmount: 5,
        startEvent: 'received',
        stopEvent: 'visited',
        targetPercent: 90,
        published: true,
      },
    ],
    requestTypes: [
      {
        code: 'book-pest-control',
        name: 'Book a pest control treatment',
        description: 'Book a treatment for pests in your home or garden.',
        audiences: ACCOUNT,
        standardCodes: ['confirm-booking', 'first-visit'],
        fields: form(
          {
            code: 'pest_type',
            label: 'What kind of pest is it?',
            type: 'single_choice',
            required: true,
            options: options(
              ['rats', 'Rats'],
              ['mice', 'Mice'],
              ['wasps', 'Wasps'],
              ['bedbugs', 'Bedbugs'],
              ['fleas', 'Fleas'],
              ['cockroaches', 'Cockroaches'],
            ),
          },
          {
            code: 'where_seen',
            label: 'Where have you seen them?',
            type: 'single_choice',
            required: true,
            options: options(['inside', 'Inside the home'], ['garden', 'In the garden'], ['both', 'Inside and in the garden']),
          },
          {
            code: 'rooms',
            label: 'How many rooms are affected?',
            type: 'number',
            required: true,
            hint: 'Enter 1 if the problem is only in the garden',
            min: 1,
            max: 20,
          },
          {
            code: 'council_tax_reduction',
            label: 'Do you get Council Tax Reduction?',
            type: 'yes_no',
            required: true,
          },
          address(),
        ),
      },
    ],
  },
  // Revenues and Benefits
  {
    code: 'council-tax-moving',
    name: 'Council Tax: tell us you are moving',
    department: REVENUES,
    team: 'Council Tax',
    description:
      'Tell us if you are moving into, out of or within Brackenfield so that we can close or change your Council Tax account and send you a new bill. Tell us as soon as you know your moving date.',
    channels: [...ACCOUNT_CHANNELS, 'kiosk'],
    published: true,
    standards: [
      {
        code: 'acknowledge',
        sentence: 'We will acknowledge your change of address within 1 working day',
        stage: 'acknowledgement',
        clockUnit: 'working_days',
        clockAmount: 1,
        startEvent: 'received',
        stopEvent: 'acknowledged',
        targetPercent: 98,
        published: true,
      },
      {
        code: 'new-bill',
        sentence: 'We will update your account and send you a new bill within 10 working days',
        stage: 'resolution',
        clockUnit: 'working_days',
        clockAmount: 10,
        startEvent: 'received',
        stopEvent: 'resolved',
        targetPercent: 95,
        published: true,
      },
    ],
    requestTypes: [
      {
        code: 'council-tax-change-of-address',
        name: 'Council Tax change of address',
        description: 'Tell us your moving date and new address.',
        audiences: ACCOUNT,
        standardCodes: ['acknowledge', 'new-bill'],
        fields: form(
          {
            code: 'account_number',
            label: 'Council Tax account number',
            type: 'text',
            required: false,
            hint: 'This is 10 digits and is at the top of your bill. Leave it blank if you are moving into Brackenfield.',
            maxLength: 10,
          },
          {
            code: 'move_type',
            label: 'Where are you moving?',
            type: 'single_choice',
            required: true,
            options: options(['into', 'Into Brackenfield'], ['within', 'Within Brackenfield'], ['out_of', 'Out of Brackenfield']),
          },
          {
            code: 'moving_date',
            label: 'What is your moving date?',
            type: 'date',
            required: true,
            hint: 'For example, 1 5 2026. This can be in the past or the future.',
            dateRule: 'any',
          },
          {
            code: 'new_address',
            label: 'What is your new address?',
            type: 'location',
            required: true,
            hint: 'We will send your final or new bill to this address',
          },
          {
            code: 'tenancy_agreement',
            label: 'Upload your tenancy agreement or completion statement',
            type: 'attachment',
            required: false,
            hint: 'This helps us confirm your moving date',
          },
        ),
      },
    ],
  },
  {
    code: 'benefit-claim',
    name: 'Housing Benefit and Council Tax Reduction claims',
    department: REVENUES,
    team: 'Benefits',
    description:
      'Ask about a claim for Housing Benefit or Council Tax Reduction, or send us the evidence we have asked for. Most people of working age now claim help with rent through Universal Credit instead of Housing Benefit.',
    channels: [...ACCOUNT_CHANNELS, 'kiosk'],
    published: true,
    standards: [
      {
        code: 'answer-enquiry',
        sentence: 'We will answer your enquiry about a claim within 5 working days',
        stage: 'resolution',
        clockUnit: 'working_days',
        clockAmount: 5,
        startEvent: 'received',
        stopEvent: 'resolved',
        targetPercent: 95,
        published: true,
      },
      {
        code: 'decide-claim',
        sentence: 'We will decide your claim within 14 calendar days of receiving all the information we need',
        stage: 'resolution',
        clockUnit: 'calendar_days',
        clockAmount: 14,
        startEvent: 'received',
        stopEvent: 'resolved',
        targetPercent: 90,
        published: true,
      },
    ],
    requestTypes: [
      {
        code: 'benefit-claim-enquiry',
        name: 'Ask about a benefit claim',
        description: 'Ask about a new or existing claim for Housing Benefit or Council Tax Reduction.',
        audiences: ACCOUNT,
        standardCodes: ['answer-enquiry'],
        fields: form(
          {
            code: 'claim_reference',
            label: 'Claim reference number',
            type: 'text',
            required: false,
            hint: 'This is 8 digits and is on letters we have sent you',
            maxLength: 8,
          },
          {
            code: 'enquiry_about',
            label: 'What is your enquiry about?',
            type: 'single_choice',
            required: true,
            options: options(
              ['progress', 'How my claim is progressing'],
              ['decision', 'A decision we have made'],
              ['overpayment', 'An overpayment letter'],
              ['payments', 'When I will be paid'],
              ['other', 'Something else'],
            ),
          },
          {
            code: 'details',
            label: 'Tell us about your enquiry',
            type: 'long_text',
            required: true,
            maxLength: 2000,
          },
        ),
      },
      {
        code: 'benefit-claim-evidence',
        name: 'Send evidence for a benefit claim',
        description: 'Send us the documents we have asked for so that we can decide your claim.',
        audiences: ACCOUNT,
        standardCodes: ['decide-claim'],
        fields: form(
          {
            code: 'claim_reference',
            label: 'Claim reference number',
            type: 'text',
            required: true,
            hint: 'This is 8 digits and is on the letter asking for evidence',
            maxLength: 8,
          },
          {
            code: 'evidence_type',
            label: 'What are you sending?',
            type: 'multiple_choice',
            required: true,
            hint: 'Select all that apply',
            options: options(
              ['payslips', 'Payslips'],
              ['bank_statements', 'Bank statements'],
              ['tenancy', 'Tenancy agreement or rent statement'],
              ['benefit_letters', 'Letters about other benefits or pensions'],
              ['identity', 'Proof of identity'],
              ['other', 'Something else'],
            ),
          },
          {
            code: 'documents',
            label: 'Upload your documents',
            type: 'attachment',
            required: true,
            hint: 'Photos or scans must show the whole page clearly',
          },
          anythingElse(),
        ),
      },
    ],
  },
  // Housing
  {
    code: 'housing-repairs',
    name: 'Council home repairs',
    department: HOUSING,
    team: 'Housing Repairs',
    description:
      'If you rent your home from Brackenfield District Council, report repairs to your home, including damp and mould. For emergencies, such as a gas smell, flooding, no heating in winter or an unsafe door, phone us day or night: do not use the online form.',
    channels: ['web', 'phone', 'email', 'face_to_face'],
    published: true,
    standards: [
      {
        code: 'acknowledge',
        sentence: 'We will acknowledge your repair request within 1 working day',
        stage: 'acknowledgement',
        clockUnit: 'working_days',
        clockAmount: 1,
        startEvent: 'received',
        stopEvent: 'acknowledged',
        targetPercent: 98,
        published: true,
      },
      {
        code: 'routine-repair',
        sentence: 'We will complete routine repairs within 20 working days',
        stage: 'resolution',
        clockUnit: 'working_days',
        clockAmount: 20,
        startEvent: 'received',
        stopEvent: 'resolved',
        targetPercent: 90,
        published: true,
      },
      {
        code: 'inspect-damp',
        sentence: 'We will inspect damp and mould in your home within 10 working days of your report',
        stage: 'visit',
        clockUnit: 'working_days',
        clockAmount: 10,
        startEvent: 'received',
        stopEvent: 'visited',
        targetPercent: 98,
        published: true,
      },
    ],
    requestTypes: [
      {
        code: 'housing-repair',
        name: 'Report a repair to your council home',
        description: 'Report a repair that is not an emergency.',
        audiences: ACCOUNT,
        standardCodes: ['acknowledge', 'routine-repair'],
        fields: form(
          {
            code: 'repair_area',
            label: 'Where is the repair needed?',
            type: 'single_choice',
            required: true,
            options: options(
              ['kitchen', 'Kitchen'],
              ['bathroom', 'Bathroom or toilet'],
              ['heating', 'Heating or hot water'],
              ['doors_windows', 'Doors or windows'],
              ['electrics', 'Lights, sockets or electrics'],
              ['roof_gutters', 'Roof, gutters or drains'],
              ['outside', 'Garden, fences or paths'],
            ),
          },
          {
            code: 'description',
            label: 'Describe the problem',
            type: 'long_text',
            required: true,
            hint: 'Tell us what is wrong, where it is and how long it has been a problem',
            maxLength: 1000,
          },
          {
            code: 'access_times',
            label: 'When can we get into your home?',
            type: 'multiple_choice',
            required: true,
            hint: 'Select all that apply. We work Monday to Friday, 8am to 5pm.',
            options: options(['weekday_morning', 'Weekday mornings'], ['weekday_afternoon', 'Weekday afternoons'], ['any_time', 'Any time']),
          },
          address('What is the address of your council home?'),
          photo('A photo helps our repairs team bring the right parts and materials'),
        ),
      },
      {
        code: 'damp-and-mould',
        name: 'Report damp or mould in your council home',
        description: 'Report damp, condensation or mould in your home.',
        audiences: ACCOUNT,
        standardCodes: ['acknowledge', 'inspect-damp'],
        fields: form(
          {
            code: 'rooms',
            label: 'How many rooms are affected?',
            type: 'number',
            required: true,
            min: 1,
            max: 20,
          },
          {
            code: 'vulnerable',
            label: 'Does anyone in your home have a health condition, or are there children under 5 or people over 65?',
            type: 'yes_no',
            required: true,
            hint: 'We will prioritise homes where someone is more at risk from damp and mould',
          },
          {
            code: 'description',
            label: 'Describe the damp or mould',
            type: 'long_text',
            required: true,
            hint: 'Tell us which rooms, how much of the wall or ceiling is affected and how long it has been there',
            maxLength: 1000,
          },
          address('What is the address of your council home?'),
          photo('Photos of the affected areas help us plan the inspection'),
        ),
      },
    ],
  },
  // Planning and Regulation
  {
    code: 'planning-enquiry',
    name: 'Planning enquiries',
    department: PLANNING,
    team: 'Development Management',
    description:
      'Ask whether you need planning permission, ask about a planning application, or tell us about building work or a change of use that you think does not have permission.',
    channels: ['web', 'phone', 'email', 'letter'],
    published: true,
    standards: [
      {
        code: 'reply',
        sentence: 'We will reply to your planning enquiry within 10 working days',
        stage: 'resolution',
        clockUnit: 'working_days',
        clockAmount: 10,
        startEvent: 'received',
        stopEvent: 'resolved',
        targetPercent: 90,
        published: true,
      },
      {
        code: 'breach-visit',
        sentence: 'We will visit the site of a reported planning breach within 10 working days',
        stage: 'visit',
        clockUnit: 'working_days',
        clockAmount: 10,
        startEvent: 'received',
        stopEvent: 'visited',
        targetPercent: 85,
        published: true,
      },
    ],
    requestTypes: [
      {
        code: 'planning-enquiry',
        name: 'Ask a planning question',
        description: 'Ask whether you need planning permission or about a planning application.',
        audiences: ACCOUNT,
        standardCodes: ['reply'],
        fields: form(
          {
            code: 'enquiry_type',
            label: 'What is your question about?',
            type: 'single_choice',
            required: true,
            options: options(
              ['need_permission', 'Whether I need planning permission'],
              ['application', 'A planning application'],
              ['conditions', 'Conditions on a planning permission'],
              ['trees', 'Protected trees or conservation areas'],
              ['other', 'Something else'],
            ),
          },
          {
            code: 'application_reference',
            label: 'Planning application reference',
            type: 'text',
            required: false,
            hint: 'For example, 25/01234/FUL',
            maxLength: 20,
          },
          location('Where is the site?', 'Enter the address or, for land without an address, mark it on the map'),
          {
            code: 'question',
            label: 'What is your question?',
            type: 'long_text',
            required: true,
            maxLength: 2000,
          },
          {
            code: 'plans',
            label: 'Upload plans or drawings',
            type: 'attachment',
            required: false,
            hint: 'If your question is about proposed work, sketches or plans help us give a clear answer',
          },
        ),
      },
      {
        code: 'report-planning-breach',
        name: 'Report a possible planning breach',
        description: 'Tell us about building work or a change of use that you think does not have planning permission.',
        audiences: ACCOUNT,
        standardCodes: ['breach-visit'],
        fields: form(
          {
            code: 'breach_type',
            label: 'What is happening?',
            type: 'single_choice',
            required: true,
            options: options(
              ['building_work', 'Building work without planning permission'],
              ['not_as_approved', 'Building work that does not match the approved plans'],
              ['change_of_use', 'A change of use, such as a business run from a home'],
              ['trees', 'Work to a protected tree'],
              ['advert', 'An advertisement or sign'],
            ),
          },
          {
            code: 'started_on',
            label: 'When did it start?',
            type: 'date',
            required: false,
            hint: 'For example, 3 2 2026. An approximate date is fine.',
            dateRule: 'past',
          },
          location('Where is the site?'),
          {
            code: 'details',
            label: 'Tell us what you have seen',
            type: 'long_text',
            required: true,
            maxLength: 2000,
          },
          photo(),
        ),
      },
    ],
  },
  {
    code: 'licensing',
    name: 'Licensing',
    department: PLANNING,
    team: 'Licensing',
    description:
      'Ask about taxi and private hire licences, premises and personal licences for selling alcohol, temporary event notices, street trading and animal licences, or tell us about a problem with a licensed premises or vehicle.',
    channels: ['web', 'phone', 'email', 'face_to_face'],
    published: true,
    standards: [
      {
        code: 'answer-enquiry',
        sentence: 'We will answer your licensing enquiry within 5 working days',
        stage: 'resolution',
        clockUnit: 'working_days',
        clockAmount: 5,
        startEvent: 'received',
        stopEvent: 'resolved',
        targetPercent: 95,
        published: true,
      },
      {
        code: 'concern-contact',
        sentence: 'A licensing officer will contact you about your concern within 3 working days',
        stage: 'first_response',
        clockUnit: 'working_days',
        clockAmount: 3,
        startEvent: 'received',
        stopEvent: 'assigned',
        targetPercent: 90,
        published: true,
      },
    ],
    requestTypes: [
      {
        code: 'licensing-enquiry',
        name: 'Ask about a licence',
        description: 'Ask about applying for, renewing or changing a licence.',
        audiences: ACCOUNT,
        standardCodes: ['answer-enquiry'],
        fields: form(
          {
            code: 'licence_type',
            label: 'Which licence is your enquiry about?',
            type: 'single_choice',
            required: true,
            options: options(
              ['taxi_driver', 'Taxi or private hire driver'],
              ['taxi_vehicle', 'Taxi or private hire vehicle'],
              ['operator', 'Private hire operator'],
              ['premises', 'Premises licence'],
              ['personal', 'Personal licence'],
              ['temporary_event', 'Temporary event notice'],
              ['street_trading', 'Street trading'],
              ['animal', 'Animal activities'],
              ['other', 'Something else'],
            ),
          },
          {
            code: 'licence_number',
            label: 'Licence number',
            type: 'text',
            required: false,
            hint: 'If you already have a licence, this is on your licence or badge',
            maxLength: 20,
          },
          {
            code: 'question',
            label: 'What is your question?',
            type: 'long_text',
            required: true,
            maxLength: 2000,
          },
        ),
      },
      {
        code: 'licensing-concern',
        name: 'Report a problem with a licensed premises or taxi',
        description: 'Tell us about a problem with a pub, club, late-night takeaway, taxi or private hire vehicle.',
        audiences: ACCOUNT,
        standardCodes: ['concern-contact'],
        fields: form(
          {
            code: 'concern_about',
            label: 'What is your concern about?',
            type: 'single_choice',
            required: true,
            options: options(
              ['taxi', 'A taxi or private hire vehicle or driver'],
              ['alcohol', 'A pub, club or shop selling alcohol'],
              ['late_night_food', 'A late-night takeaway'],
              ['other', 'Something else'],
            ),
          },
          {
            code: 'vehicle_plate',
            label: 'Licence plate number',
            type: 'text',
            required: false,
            hint: 'For a taxi or private hire vehicle, this is on the plate on the back of the vehicle',
            maxLength: 10,
          },
          {
            code: 'happened_on',
            label: 'When did it happen?',
            type: 'date',
            required: true,
            hint: 'For example, 21 3 2026',
            dateRule: 'past',
          },
          location('Where did it happen?'),
          {
            code: 'details',
            label: 'Tell us what happened',
            type: 'long_text',
            required: true,
            maxLength: 2000,
          },
        ),
      },
    ],
  },
  // Customer Services
  {
    code: 'blue-badge',
    name: 'Blue Badge help',
    department: CUSTOMER_SERVICES,
    team: 'Customer Services Centre',
    description:
      'Blue Badges are issued by the county council. We can help you apply or renew, check your documents at the Civic Centre, and send your application on for you.',
    channels: ['phone', 'face_to_face', 'web'],
    published: true,
    standards: [
      {
        code: 'contact',
        sentence: 'We will contact you to arrange help with your application within 3 working days',
        stage: 'first_response',
        clockUnit: 'working_days',
        clockAmount: 3,
        startEvent: 'received',
        stopEvent: 'acknowledged',
        targetPercent: 95,
        published: true,
      },
      {
        code: 'send-on',
        sentence: 'We will check your documents and send your application to the county council within 5 working days',
        stage: 'resolution',
        clockUnit: 'working_days',
        clockAmount: 5,
        startEvent: 'acknowledged',
        stopEvent: 'resolved',
        targetPercent: 95,
        published: true,
      },
    ],
    requestTypes: [
      {
        code: 'blue-badge-help',
        name: 'Get help with a Blue Badge application',
        description: 'Ask for help to apply for, renew or replace a Blue Badge.',
        audiences: ACCOUNT,
        standardCodes: ['contact', 'send-on'],
        fields: form(
          {
            code: 'help_with',
            label: 'What do you need help with?',
            type: 'single_choice',
            required: true,
            options: options(
              ['new', 'Applying for the first time'],
              ['renewal', 'Renewing a badge'],
              ['lost_stolen', 'Replacing a lost or stolen badge'],
              ['change', 'Changing the details on a badge'],
            ),
          },
          {
            code: 'badge_number',
            label: 'Badge number',
            type: 'text',
            required: false,
            hint: 'If you have a badge, this is on the front',
            maxLength: 20,
          },
          {
            code: 'how_to_help',
            label: 'How would you like us to help?',
            type: 'single_choice',
            required: true,
            options: options(['phone', 'By phone'], ['civic_centre', 'At an appointment at the Civic Centre'], ['home_visit', 'At a home visit, if you cannot travel']),
          },
          {
            code: 'applying_for_someone',
            label: 'Are you applying for someone else?',
            type: 'yes_no',
            required: true,
          },
        ),
      },
    ],
  },
  {
    code: 'birth-registration',
    name: 'Register a birth',
    department: CUSTOMER_SERVICES,
    team: 'Customer Services Centre',
    description:
      'Book an appointment to register a birth at the Civic Centre with the county council’s registration service. You must register a birth within 42 days. It is quickest to register in the district where the baby was born.',
    channels: ['web', 'phone', 'face_to_face'],
    published: true,
    standards: [
      {
        code: 'offer-appointment',
        sentence: 'We will offer you an appointment within 5 working days of your request',
        stage: 'resolution',
        clockUnit: 'working_days',
        clockAmount: 5,
        startEvent: 'received',
        stopEvent: 'resolved',
        targetPercent: 95,
        published: true,
      },
    ],
    requestTypes: [
      {
        code: 'birth-registration-appointment',
        name: 'Book a birth registration appointment',
        description: 'Ask for an appointment to register a birth.',
        audiences: ACCOUNT,
        standardCodes: ['offer-appointment'],
        fields: form(
          {
            code: 'date_of_birth',
            label: 'What is the baby’s date of birth?',
            type: 'date',
            required: true,
            hint: 'For example, 12 3 2026',
            dateRule: 'past',
          },
          {
            code: 'born_in_district',
            label: 'Was the baby born in the Brackenfield registration district?',
            type: 'yes_no',
            required: true,
            hint: 'This includes Brackenfield General Hospital and births at home in the district',
          },
          {
            code: 'parents_married',
            label: 'Were the parents married to each other, or in a civil partnership, when the baby was born?',
            type: 'yes_no',
            required: true,
            hint: 'This tells us who needs to come to the appointment',
          },
          {
            code: 'preferred_days',
            label: 'Which days can you come?',
            type: 'multiple_choice',
            required: true,
            hint: 'Select all that apply',
            options: options(['monday', 'Monday'], ['tuesday', 'Tuesday'], ['wednesday', 'Wednesday'], ['thursday', 'Thursday'], ['friday', 'Friday']),
          },
          {
            code: 'interpreter_language',
            label: 'If you need an interpreter, which language?',
            type: 'text',
            required: false,
            maxLength: 50,
          },
        ),
      },
    ],
  },
  {
    code: 'general-enquiry',
    name: 'General enquiry',
    department: CUSTOMER_SERVICES,
    team: 'Customer Services Centre',
    description: 'Ask us a question about any council service that is not listed elsewhere. We will answer it or pass it to the right team.',
    channels: ['web', 'phone', 'email', 'face_to_face', 'letter', 'webchat', 'social_media'],
    published: true,
    standards: [
      {
        code: 'acknowledge',
        sentence: 'We will acknowledge your enquiry within 1 working day',
        stage: 'acknowledgement',
        clockUnit: 'working_days',
        clockAmount: 1,
        startEvent: 'received',
        stopEvent: 'acknowledged',
        targetPercent: 98,
        published: true,
      },
      {
        code: 'reply',
        sentence: 'We will reply to your enquiry within 5 working days',
        stage: 'resolution',
        clockUnit: 'working_days',
        clockAmount: 5,
        startEvent: 'received',
        stopEvent: 'resolved',
        targetPercent: 95,
        published: true,
      },
    ],
    requestTypes: [
      {
        code: 'general-enquiry',
        name: 'Ask a question',
        description: 'Ask us about any council service.',
        audiences: ACCOUNT,
        standardCodes: ['acknowledge', 'reply'],
        fields: form(
          {
            code: 'subject',
            label: 'What is your question about?',
            type: 'text',
            required: true,
            hint: 'For example, parking permits or the Civic Centre opening hours',
            maxLength: 100,
          },
          {
            code: 'question',
            label: 'What is your question?',
            type: 'long_text',
            required: true,
            maxLength: 2000,
          },
          {
            code: 'reply_by',
            label: 'How would you like us to reply?',
            type: 'single_choice',
            required: true,
            options: options(['email', 'Email'], ['phone', 'Phone'], ['letter', 'Letter']),
          },
          {
            code: 'attachment',
            label: 'Upload a document',
            type: 'attachment',
            required: false,
            hint: 'For example, a letter we have sent you',
          },
        ),
      },
    ],
  },
  // Communities
  {
    code: 'library',
    name: 'Library services',
    department: COMMUNITIES,
    team: 'Libraries and Leisure',
    description:
      'Ask about joining the library, renewing or reserving books, lost or damaged items, or our Home Library Service for people who cannot get to a library. Libraries in Brackenfield, Ashwell Green and Thornby are run by the council for the county council.',
    channels: ['web', 'phone', 'email', 'face_to_face'],
    published: true,
    standards: [
      {
        code: 'reply',
        sentence: 'We will reply to your library enquiry within 3 working days',
        stage: 'resolution',
        clockUnit: 'working_days',
        clockAmount: 3,
        startEvent: 'received',
        stopEvent: 'resolved',
        targetPercent: 95,
        published: true,
      },
      {
        code: 'home-library-visit',
        sentence: 'We will make your first Home Library Service visit within 15 working days',
        stage: 'visit',
        clockUnit: 'working_days',
        clockAmount: 15,
        startEvent: 'received',
        stopEvent: 'visited',
        targetPercent: 90,
        published: true,
      },
    ],
    requestTypes: [
      {
        code: 'library-enquiry',
        name: 'Ask the library',
        description: 'Ask about your library membership, loans or reservations.',
        audiences: ACCOUNT,
        standardCodes: ['reply'],
        fields: form(
          {
            code: 'enquiry_about',
            label: 'What is your enquiry about?',
            type: 'single_choice',
            required: true,
            options: options(
              ['joining', 'Joining the library'],
              ['renewing', 'Renewing items'],
              ['reservation', 'A reservation'],
              ['lost_damaged', 'A lost or damaged item'],
              ['other', 'Something else'],
            ),
          },
          {
            code: 'library_card',
            label: 'Library card number',
            type: 'text',
            required: false,
            hint: 'This is the long number under the barcode on your card',
            maxLength: 14,
          },
          {
            code: 'branch',
            label: 'Which library do you use?',
            type: 'single_choice',
            required: false,
            options: options(['brackenfield', 'Brackenfield Library'], ['ashwell_green', 'Ashwell Green Library'], ['thornby', 'Thornby Library'], ['mobile', 'The mobile library']),
          },
          {
            code: 'question',
            label: 'What is your question?',
            type: 'long_text',
            required: true,
            maxLength: 1000,
          },
        ),
      },
      {
        code: 'home-library-service',
        name: 'Join the Home Library Service',
        description: 'Ask for books and audiobooks to be brought to your home if you cannot get to a library because of age, illness or disability.',
        audiences: ACCOUNT,
        standardCodes: ['home-library-visit'],
        fields: form(
          {
            code: 'formats',
            label: 'What would you like to borrow?',
            type: 'multiple_choice',
            required: true,
            hint: 'Select all that apply',
            options: options(['standard_print', 'Standard print books'], ['large_print', 'Large print books'], ['audiobooks', 'Audiobooks'], ['dvds', 'DVDs']),
          },
          {
            code: 'interests',
            label: 'What do you like to read or listen to?',
            type: 'long_text',
            required: false,
            hint: 'For example, crime novels, local history or authors you enjoy',
            maxLength: 1000,
          },
          address('What is your address?'),
          {
            code: 'applying_for_someone',
            label: 'Are you applying for someone else?',
            type: 'yes_no',
            required: true,
          },
        ),
      },
    ],
  },
  {
    code: 'leisure-booking',
    name: 'Leisure centre booking enquiry',
    department: COMMUNITIES,
    team: 'Libraries and Leisure',
    description:
      'Ask about a booking at Brackenfield Leisure Centre or Thornby Pool, such as swimming lessons, fitness classes, sports hall hire or children’s parties. This service is being tested before the new leisure booking system goes live.',
    channels: ['web', 'phone', 'email'],
    published: false,
    standards: [
      {
        code: 'reply',
        sentence: 'We will reply to your booking enquiry within 2 working days',
        stage: 'resolution',
        clockUnit: 'working_days',
        clockAmount: 2,
        startEvent: 'received',
        stopEvent: 'resolved',
        targetPercent: 95,
        published: true,
      },
    ],
    requestTypes: [
      {
        code: 'leisure-booking-enquiry',
        name: 'Ask about a leisure booking',
        description: 'Ask about an existing or new booking at one of our leisure centres.',
        audiences: ACCOUNT,
        standardCodes: ['reply'],
        fields: form(
          {
            code: 'centre',
            label: 'Which centre is it about?',
            type: 'single_choice',
            required: true,
            options: options(['brackenfield', 'Brackenfield Leisure Centre'], ['thornby', 'Thornby Pool']),
          },
          {
            code: 'activity',
            label: 'What activity is it for?',
            type: 'single_choice',
            required: true,
            options: options(
              ['swimming_lessons', 'Swimming lessons'],
              ['fitness_class', 'Fitness classes'],
              ['gym', 'Gym induction'],
              ['sports_hall', 'Sports hall or pitch hire'],
              ['party', 'Children’s party'],
              ['other', 'Something else'],
            ),
          },
          {
            code: 'booking_reference',
            label: 'Booking reference',
            type: 'text',
            required: false,
            hint: 'If you have already booked, this is in your confirmation email',
            maxLength: 12,
          },
          {
            code: 'booking_date',
            label: 'What date is the booking for?',
            type: 'date',
            required: false,
            hint: 'For example, 18 6 2026',
            dateRule: 'future',
          },
          {
            code: 'question',
            label: 'What is your question?',
            type: 'long_text',
            required: true,
            maxLength: 1000,
          },
        ),
      },
    ],
  },
];
