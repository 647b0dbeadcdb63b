-- The retail chain. Every table that records what happens in a store carries store_id, so
-- Row Level Security filters it without a join.
SET LOCAL ROLE zava_owner;

CREATE FUNCTION retail.touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

CREATE TABLE retail.regions (
  region_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE retail.regions IS 'Sales regions; each physical store belongs to one.';

CREATE TABLE retail.stores (
  store_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_id uuid NOT NULL REFERENCES retail.regions (region_id),
  name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
  city text NOT NULL,
  address text NOT NULL,
  manager_name text NOT NULL,
  is_online boolean NOT NULL DEFAULT false,
  opened_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE retail.stores IS 'Stores of the chain, physical and online (is_online).';
CREATE INDEX stores_region_idx ON retail.stores (region_id);

CREATE TABLE retail.categories (
  category_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE retail.categories IS 'Product categories of the catalogue (Power Tools, Plumbing, ...).';

CREATE TABLE retail.product_types (
  product_type_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  category_id uuid NOT NULL REFERENCES retail.categories (category_id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (category_id, name),
  -- Target of the composite key below: a product's type belongs to the product's category.
  UNIQUE (product_type_id, category_id)
);
COMMENT ON TABLE retail.product_types IS 'Product types within a category (Drills within Power Tools, ...).';

CREATE TABLE retail.products (
  product_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sku text NOT NULL UNIQUE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  brand text NOT NULL,
  description text NOT NULL,
  category_id uuid NOT NULL REFERENCES retail.categories (category_id),
  product_type_id uuid NOT NULL,
  price numeric(10, 2) NOT NULL CHECK (price >= 0),
  cost numeric(10, 2) NOT NULL CHECK (cost >= 0),
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (product_type_id, category_id) REFERENCES retail.product_types (product_type_id, category_id)
);
COMMENT ON TABLE retail.products IS 'The catalogue, shared by all stores. price and cost are per unit, in dollars.';
CREATE INDEX products_category_idx ON retail.products (category_id);
CREATE INDEX products_type_idx ON retail.products (product_type_id);

CREATE TABLE retail.inventory (
  inventory_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  store_id uuid NOT NULL REFERENCES retail.stores (store_id),
  product_id uuid NOT NULL REFERENCES retail.products (product_id),
  quantity_on_hand integer NOT NULL CHECK (quantity_on_hand >= 0),
  reorder_level integer NOT NULL DEFAULT 0 CHECK (reorder_level >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (store_id, product_id)
);
COMMENT ON TABLE retail.inventory IS 'Stock of each product in each store.';
CREATE INDEX inventory_product_idx ON retail.inventory (product_id);

CREATE TABLE retail.customers (
  customer_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  store_id uuid NOT NULL REFERENCES retail.stores (store_id),
  first_name text NOT NULL,
  last_name text NOT NULL,
  email text NOT NULL UNIQUE CHECK (position('@' IN email) > 1),
  joined_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Target of the composite key below: an order's customer belongs to the order's store.
  UNIQUE (customer_id, store_id)
);
COMMENT ON TABLE retail.customers IS 'Customers, each registered with one store (their home store).';
CREATE INDEX customers_store_idx ON retail.customers (store_id);

CREATE TABLE retail.orders (
  order_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  store_id uuid NOT NULL REFERENCES retail.stores (store_id),
  customer_id uuid NOT NULL,
  order_date date NOT NULL,
  status text NOT NULL DEFAULT 'completed'
    CHECK (status IN ('pending', 'completed', 'shipped', 'cancelled', 'returned')),
  total_amount numeric(12, 2) NOT NULL CHECK (total_amount >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (customer_id, store_id) REFERENCES retail.customers (customer_id, store_id),
  UNIQUE (order_id, store_id)
);
COMMENT ON TABLE retail.orders IS 'Sales orders. total_amount is the sum of its items'' line_total, in dollars.';
CREATE INDEX orders_store_date_idx ON retail.orders (store_id, order_date);
CREATE INDEX orders_date_idx ON retail.orders (order_date);
CREATE INDEX orders_customer_idx ON retail.orders (customer_id);

CREATE TABLE retail.order_items (
  order_item_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id uuid NOT NULL,
  store_id uuid NOT NULL,
  product_id uuid NOT NULL REFERENCES retail.products (product_id),
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_price numeric(10, 2) NOT NULL CHECK (unit_price >= 0),
  discount_percent numeric(5, 2) NOT NULL DEFAULT 0 CHECK (discount_percent BETWEEN 0 AND 100),
  line_total numeric(12, 2) NOT NULL CHECK (line_total >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (order_id, store_id) REFERENCES retail.orders (order_id, store_id) ON DELETE CASCADE
);
COMMENT ON TABLE retail.order_items IS
  'Lines of an order. line_total = quantity * unit_price * (1 - discount_percent / 100), in dollars.';
CREATE INDEX order_items_order_idx ON retail.order_items (order_id);
CREATE INDEX order_items_product_idx ON retail.order_items (product_id);
CREATE INDEX order_items_store_product_idx ON retail.order_items (store_id, product_id);

-- One row per product and embedding model: vectors of different models (and dimensions) live
-- side by side; each model gets its own partial expression index (see the embed command).
CREATE TABLE retail.product_description_embeddings (
  product_id uuid NOT NULL REFERENCES retail.products (product_id) ON DELETE CASCADE,
  model text NOT NULL,
  dimensions integer NOT NULL CHECK (dimensions > 0),
  embedding vector NOT NULL CHECK (vector_dims(embedding) = dimensions),
  content_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (product_id, model)
);
COMMENT ON TABLE retail.product_description_embeddings IS
  'Embeddings of product descriptions, one per product and model, for semantic search.';

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['regions', 'stores', 'categories', 'product_types', 'products', 'inventory',
                           'customers', 'orders', 'order_items', 'product_description_embeddings'] LOOP
    EXECUTE format('CREATE TRIGGER touch_updated_at BEFORE UPDATE ON retail.%I
                    FOR EACH ROW EXECUTE FUNCTION retail.touch_updated_at()', t);
  END LOOP;
END
$$;
