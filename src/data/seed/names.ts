/** Given names and surnames for customers and staff: one word each, letters only (emails use them). */
export const FIRST_NAMES: readonly string[] = `
  James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan
  Joseph Jessica Thomas Sarah Christopher Karen Charles Lisa Daniel Nancy Matthew Betty Anthony Sandra
  Mark Margaret Donald Ashley Steven Kimberly Andrew Emily Paul Donna Joshua Michelle Kenneth Carol
  Kevin Amanda Brian Melissa George Deborah Timothy Stephanie Ronald Rebecca Jason Laura Edward Helen
  Jeffrey Sharon Ryan Cynthia Jacob Kathleen Gary Amy Nicholas Angela Eric Shirley Jonathan Brenda
  Stephen Emma Larry Anna Justin Pamela Scott Nicole Brandon Samantha Benjamin Katherine Samuel
  Christine Gregory Debra Alexander Rachel Patrick Carolyn Frank Janet Raymond Maria Jack Olivia
  Dennis Heather Jerry Diane Tyler Julie Aaron Joyce Jose Victoria Adam Ruth Nathan Virginia Henry
  Lauren Zachary Kelly Douglas Christina Peter Joan Kyle Evelyn Noah Judith Ethan Andrea Jeremy Hannah
  Walter Megan Christian Cheryl Keith Jacqueline Roger Martha Terry Madison Austin Teresa Sean Gloria
  Wei Mei Hiroshi Yuki Raj Priya Arjun Ananya Luis Sofia Carlos Lucia Miguel Camila Ahmed Fatima Omar
  Aisha Kwame Amara Dmitri Olga Lars Ingrid Mateo Valentina Minh Linh Jin Soo
`
  .trim()
  .split(/\s+/)

export const LAST_NAMES: readonly string[] = `
  Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez
  Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark
  Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams
  Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker
  Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper
  Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James
  Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez
  Chen Wang Li Zhang Liu Singh Kumar Shah Tanaka Sato Suzuki Park Choi Tran Pham Okafor Mensah Haddad
  Khan Ali Larsen Johansson Novak Kowalski Ivanov Rossi Bianchi Muller Schmidt Dubois Olsen Berg
  Fischer Weber Murray Sullivan Byrne Fraser Hayes Duncan
`
  .trim()
  .split(/\s+/)

/** Street names for store addresses. */
export const STREETS: readonly string[] = `
  Main Market Commerce Industrial Harbor Lake Pine Cedar Maple Oak Riverside Park Mill Station Union
  Lincoln Washington Franklin Madison Jefferson
`
  .trim()
  .split(/\s+/)
export const STREET_TYPES = ['Street', 'Avenue', 'Boulevard', 'Way', 'Road', 'Drive', 'Parkway']

export const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org']
export const STAFF_DOMAIN = 'zava.example'
