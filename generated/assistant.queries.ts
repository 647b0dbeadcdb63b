/** Types generated for queries found in "queries/assistant.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

/** 'SetAssistantSearchPath' parameters type */
export type ISetAssistantSearchPathParams = void;

/** 'SetAssistantSearchPath' return type */
export interface ISetAssistantSearchPathResult {
  searchPath: string | null;
}

/** 'SetAssistantSearchPath' query type */
export interface ISetAssistantSearchPathQuery {
  params: ISetAssistantSearchPathParams;
  result: ISetAssistantSearchPathResult;
}

const setAssistantSearchPathIR: any = {"usedParamSet":{},"params":[],"statement":"-- Unqualified table names in assistant-written SQL resolve to retail; public holds pgvector's type\n-- and operators. pg_catalog is searched first, so nothing can shadow a built-in function.\nSELECT set_config('search_path', 'retail, public', true) AS search_path"};

/**
 * Query generated from SQL:
 * ```
 * -- Unqualified table names in assistant-written SQL resolve to retail; public holds pgvector's type
 * -- and operators. pg_catalog is searched first, so nothing can shadow a built-in function.
 * SELECT set_config('search_path', 'retail, public', true) AS search_path
 * ```
 */
export const setAssistantSearchPath = new PreparedQuery<ISetAssistantSearchPathParams,ISetAssistantSearchPathResult>(setAssistantSearchPathIR);


