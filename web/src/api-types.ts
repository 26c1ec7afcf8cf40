// Generated from the server's OpenAPI document by scripts/api-types.ts (npm run api-types): do not edit.
// test/api-types.test.ts fails when a route's schema changed and this file was not regenerated.
export interface paths {
    "/api/v1/admin/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Jobs in the queue, newest first
         * @description failed: used all its attempts and stays until retried; locked: a worker is running it; pending: waiting for its run_at. Jobs that succeeded leave the queue.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                    state?: "failed" | "pending" | "locked";
                    /** @description A task identifier, e.g. dispatch_message */
                    task?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items?: {
                                attempts?: number;
                                /** Format: date-time */
                                created_at?: string;
                                id?: number;
                                key?: string | null;
                                last_error?: string | null;
                                locked_at?: string | null;
                                locked_by?: string | null;
                                max_attempts?: number;
                                /** @description The JSON the job was added with */
                                payload?: unknown;
                                priority?: number;
                                queue_name?: string | null;
                                /** Format: date-time */
                                run_at?: string;
                                /** @enum {string} */
                                state?: "failed" | "locked" | "pending";
                                task_identifier?: string;
                                /** Format: date-time */
                                updated_at?: string;
                            }[];
                            limit?: number;
                            offset?: number;
                            total?: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/jobs/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run a failed job again now, with its attempts restored */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The job id (a positive integer) */
                    id: string;
                };
                cookie?: never;
            };
            /** @description an empty JSON object: {} */
            requestBody: {
                content: {
                    "application/json": Record<string, unknown>;
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts?: number;
                            /** Format: date-time */
                            created_at?: string;
                            id?: number;
                            key?: string | null;
                            last_error?: string | null;
                            locked_at?: string | null;
                            locked_by?: string | null;
                            max_attempts?: number;
                            /** @description The JSON the job was added with */
                            payload?: unknown;
                            priority?: number;
                            queue_name?: string | null;
                            /** Format: date-time */
                            run_at?: string;
                            /** @enum {string} */
                            state?: "failed" | "locked" | "pending";
                            task_identifier?: string;
                            /** Format: date-time */
                            updated_at?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Counters and gauges in the Prometheus text format (text/plain; version=0.0.4) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/templates/{bundle}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The global sections of a bundle, which every tenant starts from */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description lower_snake_case, starting with a letter, at most 64 characters, e.g. welcome_email */
                    bundle: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            bundle?: string;
                            sections?: {
                                content?: string;
                                locale?: string;
                                position?: number;
                                section_key?: string;
                                /** Format: date-time */
                                updated_at?: string;
                                variant?: string;
                            }[];
                            /** @description the variables templates of this bundle may use */
                            variables?: string[];
                        };
                    };
                };
            };
        };
        /** Replace the global sections of a bundle (for every tenant that does not override them) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description lower_snake_case, starting with a letter, at most 64 characters, e.g. welcome_email */
                    bundle: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        sections: {
                            /** @description text with {{ variable }} placeholders; '' removes the section of the same key from the layer below */
                            content: string;
                            /**
                             * @description language, optionally with region: en, es, pt-BR
                             * @default en
                             */
                            locale?: string;
                            position: number;
                            /** @description lower_snake_case; "subject" is the subject line of an email */
                            section_key: string;
                            /**
                             * @description '' for the default; a named variant such as a signup mode (talent, hirer)
                             * @default
                             */
                            variant?: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            bundle?: string;
                            sections?: {
                                content?: string;
                                locale?: string;
                                position?: number;
                                section_key?: string;
                                /** Format: date-time */
                                updated_at?: string;
                                variant?: string;
                            }[];
                            /** @description the variables templates of this bundle may use */
                            variables?: string[];
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List tenants, oldest first; page with cursor=<next_cursor> */
        get: {
            parameters: {
                query?: {
                    /** @description The `next_cursor` of the previous page; leave it out for the first page. Opaque; it works only with the list and filters it came from (else 400 invalid_cursor). */
                    cursor?: string;
                    limit?: number;
                    name?: string;
                    /** @description Deprecated: page with `cursor`. Rows to skip from the start; every skipped row is read, so deep offsets are slow. Not together with `cursor`. */
                    offset?: number;
                    subdomain?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                created_at: string;
                                /** @description set while the tenant is marked for deletion: erased with all its data at erase_after, restorable until then */
                                deletion?: {
                                    /** Format: date-time */
                                    erase_after?: string;
                                    /** Format: date-time */
                                    requested_at?: string;
                                } | null;
                                /** Format: uuid */
                                id: string;
                                is_active: boolean;
                                name: string;
                                subdomain: string;
                                /** Format: date-time */
                                updated_at?: string;
                            }[];
                            limit: number;
                            /** @description pass as `cursor` for the next page; null on the last page */
                            next_cursor: string | null;
                            /** @description rows with these filters, counted up to 10,000 when the first page was read (later pages repeat it) */
                            total: number;
                            /** @description true when there are more than 10,000: total is then 10,000 */
                            total_capped: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a tenant */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default true */
                        is_active?: boolean;
                        name: string;
                        /** @description DNS label: lower-case letters, digits and inner hyphens */
                        subdomain: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            created_at: string;
                            /** @description set while the tenant is marked for deletion: erased with all its data at erase_after, restorable until then */
                            deletion?: {
                                /** Format: date-time */
                                erase_after?: string;
                                /** Format: date-time */
                                requested_at?: string;
                            } | null;
                            /** Format: uuid */
                            id: string;
                            is_active: boolean;
                            name: string;
                            subdomain: string;
                            /** Format: date-time */
                            updated_at?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/tenants/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a tenant */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            created_at: string;
                            /** @description set while the tenant is marked for deletion: erased with all its data at erase_after, restorable until then */
                            deletion?: {
                                /** Format: date-time */
                                erase_after?: string;
                                /** Format: date-time */
                                requested_at?: string;
                            } | null;
                            /** Format: uuid */
                            id: string;
                            is_active: boolean;
                            name: string;
                            subdomain: string;
                            /** Format: date-time */
                            updated_at?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Mark a tenant for deletion: locked out at once, erased with all its data after EMBARK_TENANT_DELETION_GRACE_DAYS, restorable until then */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            created_at: string;
                            /** @description set while the tenant is marked for deletion: erased with all its data at erase_after, restorable until then */
                            deletion?: {
                                /** Format: date-time */
                                erase_after?: string;
                                /** Format: date-time */
                                requested_at?: string;
                            } | null;
                            /** Format: uuid */
                            id: string;
                            is_active: boolean;
                            name: string;
                            subdomain: string;
                            /** Format: date-time */
                            updated_at?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename, change subdomain, activate or deactivate a tenant */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        is_active?: boolean;
                        name?: string;
                        /** @description DNS label: lower-case letters, digits and inner hyphens */
                        subdomain?: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            created_at: string;
                            /** @description set while the tenant is marked for deletion: erased with all its data at erase_after, restorable until then */
                            deletion?: {
                                /** Format: date-time */
                                erase_after?: string;
                                /** Format: date-time */
                                requested_at?: string;
                            } | null;
                            /** Format: uuid */
                            id: string;
                            is_active: boolean;
                            name: string;
                            subdomain: string;
                            /** Format: date-time */
                            updated_at?: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/admin/tenants/{id}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore a tenant marked for deletion, as active as it was */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            created_at: string;
                            /** @description set while the tenant is marked for deletion: erased with all its data at erase_after, restorable until then */
                            deletion?: {
                                /** Format: date-time */
                                erase_after?: string;
                                /** Format: date-time */
                                requested_at?: string;
                            } | null;
                            /** Format: uuid */
                            id: string;
                            is_active: boolean;
                            name: string;
                            subdomain: string;
                            /** Format: date-time */
                            updated_at?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analytics/active-users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Active users (DAU, WAU, MAU): distinct users with an event per UTC day, week (from Monday) or month, optionally per organisation */
        get: {
            parameters: {
                query?: {
                    by?: "organization";
                    /** @description first UTC day of the range (YYYY-MM-DD); default 30 days before `to` */
                    from?: string;
                    /** @description default day */
                    interval?: "day" | "week" | "month";
                    /** @description last UTC day of the range, included (YYYY-MM-DD); default today */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            by?: string | null;
                            from?: string;
                            interval?: string;
                            items?: {
                                active_users?: number;
                                /** @description the first day of the bucket */
                                bucket?: string;
                                organization_id?: string | null;
                                organization_name?: string | null;
                            }[];
                            to?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analytics/funnel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An ordered funnel over tracked and domain events: per step, who entered, converted to the next step within the window, and the median time it took; by organisation, role or signup mode too */
        get: {
            parameters: {
                query: {
                    /** @description also per group: the organisation of the first step, or the user’s application role or signup mode */
                    by?: "organization" | "role" | "signup_mode";
                    /** @description first UTC day of the range (YYYY-MM-DD); default 30 days before `to` */
                    from?: string;
                    /** @description 2 to 10 event names, comma-separated, in order */
                    steps: string;
                    /** @description last UTC day of the range, included (YYYY-MM-DD); default today */
                    to?: string;
                    /** @description how long after the first step a person has to reach the last: 30m, 12h, 7d (1 minute to 90 days; default 7d) */
                    window?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            by?: string | null;
                            conversion_rate?: number;
                            /** @description people who reached the last step within the window */
                            converted?: number;
                            /** @description people who entered the funnel (its first step) in the range */
                            entered?: number;
                            from?: string;
                            groups?: {
                                conversion_rate?: number;
                                /** @description people who reached the last step within the window */
                                converted?: number;
                                /** @description people who entered the funnel (its first step) in the range */
                                entered?: number;
                                /** @description the group (null: people in none) */
                                key?: string | null;
                                label?: string | null;
                                steps?: {
                                    /** @description converted / entered, 0 to 1 */
                                    conversion_rate?: number | null;
                                    /** @description of them, those who reached the next step (null on the last) */
                                    converted?: number | null;
                                    /** @description entered − converted: GET …/funnel/people?step= lists them */
                                    dropped?: number | null;
                                    /** @description people who reached this step */
                                    entered?: number;
                                    event?: string;
                                    /** @description median seconds from this step to the next, of those who converted */
                                    median_seconds_to_convert?: number | null;
                                    /** @description 1-based */
                                    step?: number;
                                }[];
                            }[];
                            steps?: {
                                /** @description converted / entered, 0 to 1 */
                                conversion_rate?: number | null;
                                /** @description of them, those who reached the next step (null on the last) */
                                converted?: number | null;
                                /** @description entered − converted: GET …/funnel/people?step= lists them */
                                dropped?: number | null;
                                /** @description people who reached this step */
                                entered?: number;
                                event?: string;
                                /** @description median seconds from this step to the next, of those who converted */
                                median_seconds_to_convert?: number | null;
                                /** @description 1-based */
                                step?: number;
                            }[];
                            to?: string;
                            window?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analytics/funnel/people": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who dropped off at a step of the funnel: reached `step` and not the next; page with cursor=<next_cursor> */
        get: {
            parameters: {
                query?: {
                    /** @description The `next_cursor` of the previous page; leave it out for the first page. Opaque; it works only with the list and filters it came from (else 400 invalid_cursor). */
                    cursor?: string;
                    /** @description first UTC day of the range (YYYY-MM-DD); default 30 days before `to` */
                    from?: string;
                    limit?: number;
                    /** @description Deprecated: page with `cursor`. Rows to skip from the start; every skipped row is read, so deep offsets are slow. Not together with `cursor`. */
                    offset?: number;
                    /** @description the step they stopped at, 1-based */
                    step?: number;
                    /** @description 2 to 10 event names, comma-separated, in order */
                    steps?: string;
                    /** @description last UTC day of the range, included (YYYY-MM-DD); default today */
                    to?: string;
                    /** @description how long after the first step a person has to reach the last: 30m, 12h, 7d (1 minute to 90 days; default 7d) */
                    window?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                email?: string | null;
                                /** @description your app's id, for a person Embark does not know */
                                external_user_id?: string | null;
                                organization_id?: string | null;
                                /** @description when they reached each step they did */
                                reached_at?: string[];
                                /** Format: uuid */
                                user_id?: string | null;
                            }[];
                            limit: number;
                            /** @description pass as `cursor` for the next page; null on the last page */
                            next_cursor: string | null;
                            /** @description rows with these filters, counted up to 10,000 when the first page was read (later pages repeat it) */
                            total: number;
                            /** @description true when there are more than 10,000: total is then 10,000 */
                            total_capped: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analytics/onboarding-completion": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Onboarding completion per checklist and organisation (spec 001’s onboarding_completion_by_org); users in no organisation are the row with organization_id null */
        get: {
            parameters: {
                query?: {
                    /** @description the only grouping there is; the default */
                    by?: "organization";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            by?: string;
                            items?: {
                                checklist_key?: string;
                                completed?: number;
                                completion_rate?: number;
                                organization_id?: string | null;
                                organization_name?: string | null;
                                /** @description users (or the organisation) with progress through the checklist */
                                subjects?: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analytics/onboarding-funnel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Per task of each checklist, how many subjects had it complete by the end of a UTC day (spec 001’s onboarding_funnel_today); default today */
        get: {
            parameters: {
                query?: {
                    /** @description a UTC day, YYYY-MM-DD */
                    date?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            date?: string;
                            items?: {
                                checklist_key?: string;
                                completed?: number;
                                completion_rate?: number;
                                position?: number;
                                required?: boolean;
                                /** @description subjects that had started the checklist by then */
                                subjects?: number;
                                task_slug?: string;
                                title?: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit log, newest first, filtered by action, actor, target and time; page with cursor=<next_cursor> */
        get: {
            parameters: {
                query?: {
                    action?: string;
                    /** @description entries by this user (as themself or acting in a tenant) */
                    actor_user_id?: string;
                    /** @description Deprecated: page with `cursor`. Entries older than this id (the `next_before` of the previous page). Not together with `cursor`. */
                    before?: number;
                    /** @description The `next_cursor` of the previous page; leave it out for the first page. Opaque; it works only with the list and filters it came from (else 400 invalid_cursor). */
                    cursor?: string;
                    limit?: number;
                    /** @description entries at or after this time */
                    since?: string;
                    /** @description entries about this one thing (its id) */
                    target_id?: string;
                    /** @description entries about this kind of thing, e.g. user */
                    target_type?: string;
                    /** @description global admins: one tenant's log (as X-Tenant-Id does); ignored for tenant admins, who see their own */
                    tenant_id?: string;
                    /** @description entries before this time */
                    until?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                action?: string;
                                actor_kind?: string;
                                actor_user_id?: string | null;
                                created_at?: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                                id?: number;
                                impersonating?: boolean;
                                request_id?: string | null;
                                target_id?: string | null;
                                target_type?: string | null;
                                tenant_id?: string | null;
                            }[];
                            limit: number;
                            /** @description deprecated: the id to send as `before` for the next page; null on the last page */
                            next_before?: number | null;
                            /** @description pass as `cursor` for the next page; null on the last page */
                            next_cursor: string | null;
                            /** @description rows with these filters, counted up to 10,000 when the first page was read (later pages repeat it) */
                            total: number;
                            /** @description true when there are more than 10,000: total is then 10,000 */
                            total_capped: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log in with email, or phone (tenant users who signed up with a phone only); tenant is the subdomain (absent for global admins)
         * @description Send back the `device_token` of this user's last login from this browser: failures of other people behind the same address then do not lock you out.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the device_token an earlier login of this user answered */
                        device_token?: string;
                        /** Format: email */
                        email?: string;
                        password: string;
                        /** @description E.164 phone number, e.g. +15555550123 */
                        phone?: string;
                        tenant?: string;
                    } & (unknown | unknown);
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token?: string;
                            /** @description keep it for this user's next login from this device */
                            device_token?: string;
                            expires_in?: number;
                            must_change_password?: boolean;
                            refresh_token?: string;
                            token_type?: string;
                            user?: {
                                email?: string;
                                /** Format: uuid */
                                id?: string;
                                role?: string;
                                tenant_id?: string | null;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End the session a refresh token belongs to */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        refresh_token: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change your password (the only call allowed while a temporary password is in use) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        current_password: string;
                        /** @description 12–256 characters */
                        new_password: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token?: string;
                            expires_in?: number;
                            must_change_password?: boolean;
                            refresh_token?: string;
                            token_type?: string;
                            user?: {
                                email?: string;
                                /** Format: uuid */
                                id?: string;
                                role?: string;
                                tenant_id?: string | null;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Forgot password: send the account a one-time reset link (same answer whether or not the account exists)
         * @description The link works once, for 30 minutes, and a newer one replaces it. Global admins reset theirs with `embark admin reset-password`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email?: string;
                        /** @description E.164 phone number, e.g. +15555550123 */
                        phone?: string;
                        tenant?: string;
                    } & (unknown | unknown);
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            detail?: string;
                            status?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password-reset/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set the password a reset or invitation link was sent for; ends every other session and signs in */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description 12–256 characters */
                        new_password: string;
                        /** @example pwl_00000000000000000000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA */
                        token: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token?: string;
                            expires_in?: number;
                            must_change_password?: boolean;
                            refresh_token?: string;
                            token_type?: string;
                            user?: {
                                email?: string;
                                /** Format: uuid */
                                id?: string;
                                role?: string;
                                tenant_id?: string | null;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exchange a refresh token for a new pair (each refresh token works once) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        refresh_token: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token?: string;
                            expires_in?: number;
                            must_change_password?: boolean;
                            refresh_token?: string;
                            token_type?: string;
                            user?: {
                                email?: string;
                                /** Format: uuid */
                                id?: string;
                                role?: string;
                                tenant_id?: string | null;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/signup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign up to a tenant that accepts signups; the account is a member, initialised for onboarding. No tokens: log in next */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description an email, a phone, or both */
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email?: string;
                        /** @description hints for onboarding; they choose a role only among those the tenant marks self-assignable */
                        metadata?: {
                            first_name?: string;
                            last_name?: string;
                            organization_name?: string;
                            /** @description one of the tenant's signup modes (talent, hirer…); an unknown mode gets the default role */
                            signup_mode?: string;
                        };
                        /** @description 12–256 characters */
                        password: string;
                        /** @description E.164 phone number, e.g. +15555550123 */
                        phone?: string;
                        /** @description the tenant's subdomain */
                        tenant: string;
                    } | unknown | unknown;
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            created_at?: string;
                            email?: string | null;
                            /** Format: uuid */
                            id?: string;
                            phone?: string | null;
                            role?: string;
                            /** Format: uuid */
                            tenant_id?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/crm/contacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's contacts, oldest first; filter by status, owner or text; page with cursor=<next_cursor> */
        get: {
            parameters: {
                query?: {
                    /** @description The `next_cursor` of the previous page; leave it out for the first page. Opaque; it works only with the list and filters it came from (else 400 invalid_cursor). */
                    cursor?: string;
                    limit?: number;
                    /** @description Deprecated: page with `cursor`. Rows to skip from the start; every skipped row is read, so deep offsets are slow. Not together with `cursor`. */
                    offset?: number;
                    owner_id?: string;
                    /** @description part of a name, the email, the phone or the company */
                    q?: string;
                    status?: "lead" | "qualified" | "onboarding" | "active" | "lost";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                company?: unknown;
                                /** Format: date-time */
                                created_at?: string;
                                custom?: unknown;
                                email?: unknown;
                                first_name?: unknown;
                                /** Format: uuid */
                                id?: string;
                                last_name?: unknown;
                                notes?: unknown;
                                owner_id?: unknown;
                                phone?: unknown;
                                source?: unknown;
                                /** @enum {string} */
                                status?: "lead" | "qualified" | "onboarding" | "active" | "lost";
                                /** Format: date-time */
                                updated_at?: string;
                                /** @description the account provisioning created for the contact */
                                user_id?: string | null;
                            }[];
                            limit: number;
                            /** @description pass as `cursor` for the next page; null on the last page */
                            next_cursor: string | null;
                            /** @description rows with these filters, counted up to 10,000 when the first page was read (later pages repeat it) */
                            total: number;
                            /** @description true when there are more than 10,000: total is then 10,000 */
                            total_capped: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a contact (a lead) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        company?: string | null;
                        /** @description fields of the tenant's own: up to 50 names with text, number or true/false values */
                        custom?: {
                            [key: string]: string | number | boolean | null;
                        };
                        email?: string | null;
                        first_name?: string | null;
                        last_name?: string | null;
                        notes?: string | null;
                        owner_id?: string | null;
                        phone?: string | null;
                        source?: string | null;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            company?: unknown;
                            /** Format: date-time */
                            created_at?: string;
                            custom?: unknown;
                            email?: unknown;
                            first_name?: unknown;
                            /** Format: uuid */
                            id?: string;
                            last_name?: unknown;
                            notes?: unknown;
                            owner_id?: unknown;
                            phone?: unknown;
                            source?: unknown;
                            /** @enum {string} */
                            status?: "lead" | "qualified" | "onboarding" | "active" | "lost";
                            /** Format: date-time */
                            updated_at?: string;
                            /** @description the account provisioning created for the contact */
                            user_id?: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/crm/contacts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A contact with its history of statuses */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            company?: unknown;
                            /** Format: date-time */
                            created_at?: string;
                            custom?: unknown;
                            email?: unknown;
                            first_name?: unknown;
                            history?: {
                                /** @description the acting user's email, when a user of the tenant made the move */
                                actor_email?: string | null;
                                actor_id?: string | null;
                                actor_kind?: string;
                                /** Format: date-time */
                                created_at?: string;
                                from_status?: string | null;
                                note?: string | null;
                                to_status?: string;
                            }[];
                            /** Format: uuid */
                            id?: string;
                            last_name?: unknown;
                            notes?: unknown;
                            owner_id?: unknown;
                            phone?: unknown;
                            source?: unknown;
                            /** @enum {string} */
                            status?: "lead" | "qualified" | "onboarding" | "active" | "lost";
                            /** Format: date-time */
                            updated_at?: string;
                            /** @description the account provisioning created for the contact */
                            user_id?: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a contact's fields (null clears one); its status moves with POST …/status */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        company?: string | null;
                        /** @description fields of the tenant's own: up to 50 names with text, number or true/false values */
                        custom?: {
                            [key: string]: string | number | boolean | null;
                        };
                        email?: string | null;
                        first_name?: string | null;
                        last_name?: string | null;
                        notes?: string | null;
                        owner_id?: string | null;
                        phone?: string | null;
                        source?: string | null;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            company?: unknown;
                            /** Format: date-time */
                            created_at?: string;
                            custom?: unknown;
                            email?: unknown;
                            first_name?: unknown;
                            /** Format: uuid */
                            id?: string;
                            last_name?: unknown;
                            notes?: unknown;
                            owner_id?: unknown;
                            phone?: unknown;
                            source?: unknown;
                            /** @enum {string} */
                            status?: "lead" | "qualified" | "onboarding" | "active" | "lost";
                            /** Format: date-time */
                            updated_at?: string;
                            /** @description the account provisioning created for the contact */
                            user_id?: string | null;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/crm/contacts/{id}/provision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve & create account: a qualified contact gets a user with a temporary password (sent in the welcome email, never in an answer) and moves to onboarding; 409 account_exists with user_id when it has one already */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            email: string;
                            /** Format: uuid */
                            user_id: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/crm/contacts/{id}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move a contact along the pipeline by hand: lead ↔ qualified, to lost, lost → lead (onboarding and active come only from provisioning and completion) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note?: string;
                        /** @enum {string} */
                        status: "lead" | "qualified" | "onboarding" | "active" | "lost";
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            company?: unknown;
                            /** Format: date-time */
                            created_at?: string;
                            custom?: unknown;
                            email?: unknown;
                            first_name?: unknown;
                            history?: {
                                /** @description the acting user's email, when a user of the tenant made the move */
                                actor_email?: string | null;
                                actor_id?: string | null;
                                actor_kind?: string;
                                /** Format: date-time */
                                created_at?: string;
                                from_status?: string | null;
                                note?: string | null;
                                to_status?: string;
                            }[];
                            /** Format: uuid */
                            id?: string;
                            last_name?: unknown;
                            notes?: unknown;
                            owner_id?: unknown;
                            phone?: unknown;
                            source?: unknown;
                            /** @enum {string} */
                            status?: "lead" | "qualified" | "onboarding" | "active" | "lost";
                            /** Format: date-time */
                            updated_at?: string;
                            /** @description the account provisioning created for the contact */
                            user_id?: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/crm/contacts/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Import contacts from CSV with a header row (first_name, last_name, email, phone, company, source, owner_id, notes; other columns become custom fields); each refused row is reported */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the CSV text, at most 1,000 rows */
                        csv: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            errors?: {
                                errors?: string[];
                                /** @description the line of the file, the header being 1 */
                                row?: number;
                            }[];
                            ids?: string[];
                            imported?: number;
                            refused?: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/crm/contacts/provision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve several contacts, each on its own; the answer reports each (created, or the code that refused it) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        ids: string[];
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            results?: {
                                detail?: string;
                                email?: string;
                                /** Format: uuid */
                                id?: string;
                                outcome?: string;
                                /** Format: uuid */
                                user_id?: string;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/embed-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mint a short-lived token for the <embark-checklist> widget, for one of your users: call it from your backend with an API key (scope embed:mint) and put the token in your page */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description how long the token lasts; default 600 */
                        ttl_seconds?: number;
                        /** Format: uuid */
                        user_id: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            expires_at?: string;
                            token?: string;
                            /** Format: uuid */
                            user_id?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/embed/onboarding": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The embed token's user's checklists (theirs and their organisation's), as the widget shows them */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items?: {
                                completed?: boolean;
                                current_stage?: string | null;
                                /** Format: date-time */
                                dismissed_at?: string | null;
                                key?: string;
                                progress?: {
                                    done?: number;
                                    required?: number;
                                };
                                /** @enum {string} */
                                scope?: "user" | "organization";
                                tasks?: {
                                    completed?: boolean;
                                    /** Format: date-time */
                                    completed_at?: string | null;
                                    description?: string | null;
                                    link?: string | null;
                                    /** @description completed by hand (POST …/complete/:slug); the others complete from data */
                                    manual?: boolean;
                                    required?: boolean;
                                    slug?: string;
                                    title?: string;
                                }[];
                                title?: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/embed/onboarding/complete/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Complete one of the token's user's manual tasks (one completed from data answers task_derived) */
        post: {
            parameters: {
                query?: {
                    /** @description the checklist, when two that apply share the slug (complete), or the one to dismiss */
                    checklist?: string;
                };
                header?: never;
                path: {
                    /** @description a task's slug */
                    slug: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items?: {
                                completed?: boolean;
                                current_stage?: string | null;
                                /** Format: date-time */
                                dismissed_at?: string | null;
                                key?: string;
                                progress?: {
                                    done?: number;
                                    required?: number;
                                };
                                /** @enum {string} */
                                scope?: "user" | "organization";
                                tasks?: {
                                    completed?: boolean;
                                    /** Format: date-time */
                                    completed_at?: string | null;
                                    description?: string | null;
                                    link?: string | null;
                                    /** @description completed by hand (POST …/complete/:slug); the others complete from data */
                                    manual?: boolean;
                                    required?: boolean;
                                    slug?: string;
                                    title?: string;
                                }[];
                                title?: string;
                            }[];
                        };
                    };
                };
            };
        };
        /** Take back the completion of a manual task */
        delete: {
            parameters: {
                query?: {
                    /** @description the checklist, when two that apply share the slug (complete), or the one to dismiss */
                    checklist?: string;
                };
                header?: never;
                path: {
                    /** @description a task's slug */
                    slug: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items?: {
                                completed?: boolean;
                                current_stage?: string | null;
                                /** Format: date-time */
                                dismissed_at?: string | null;
                                key?: string;
                                progress?: {
                                    done?: number;
                                    required?: number;
                                };
                                /** @enum {string} */
                                scope?: "user" | "organization";
                                tasks?: {
                                    completed?: boolean;
                                    /** Format: date-time */
                                    completed_at?: string | null;
                                    description?: string | null;
                                    link?: string | null;
                                    /** @description completed by hand (POST …/complete/:slug); the others complete from data */
                                    manual?: boolean;
                                    required?: boolean;
                                    slug?: string;
                                    title?: string;
                                }[];
                                title?: string;
                            }[];
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/embed/onboarding/dismiss": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Hide the token's user's checklists (all, or ?checklist=); the data stays */
        post: {
            parameters: {
                query?: {
                    /** @description the checklist, when two that apply share the slug (complete), or the one to dismiss */
                    checklist?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items?: {
                                completed?: boolean;
                                current_stage?: string | null;
                                /** Format: date-time */
                                dismissed_at?: string | null;
                                key?: string;
                                progress?: {
                                    done?: number;
                                    required?: number;
                                };
                                /** @enum {string} */
                                scope?: "user" | "organization";
                                tasks?: {
                                    completed?: boolean;
                                    /** Format: date-time */
                                    completed_at?: string | null;
                                    description?: string | null;
                                    link?: string | null;
                                    /** @description completed by hand (POST …/complete/:slug); the others complete from data */
                                    manual?: boolean;
                                    required?: boolean;
                                    slug?: string;
                                    title?: string;
                                }[];
                                title?: string;
                            }[];
                        };
                    };
                };
            };
        };
        /** Show dismissed checklists again */
        delete: {
            parameters: {
                query?: {
                    /** @description the checklist, when two that apply share the slug (complete), or the one to dismiss */
                    checklist?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items?: {
                                completed?: boolean;
                                current_stage?: string | null;
                                /** Format: date-time */
                                dismissed_at?: string | null;
                                key?: string;
                                progress?: {
                                    done?: number;
                                    required?: number;
                                };
                                /** @enum {string} */
                                scope?: "user" | "organization";
                                tasks?: {
                                    completed?: boolean;
                                    /** Format: date-time */
                                    completed_at?: string | null;
                                    description?: string | null;
                                    link?: string | null;
                                    /** @description completed by hand (POST …/complete/:slug); the others complete from data */
                                    manual?: boolean;
                                    required?: boolean;
                                    slug?: string;
                                    title?: string;
                                }[];
                                title?: string;
                            }[];
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Track one event, or {"batch": [...]} of up to 1000, for the checklists and analytics: with an API key (events:write) about anyone, with a user's own token about that user */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description what happened, e.g. service.created; <kind>.created / <kind>.deleted keep live counts */
                        event: string;
                        /** @description your app's own id for a person Embark does not know */
                        external_user_id?: string;
                        /** @description API keys only: the person's address, forwarded */
                        ip?: string | unknown | unknown;
                        /** @description your id for the event: a replay with the same id is stored once */
                        message_id?: string;
                        /**
                         * Format: uuid
                         * @description the organisation it counts for; default the user's
                         */
                        organization_id?: string;
                        properties?: {
                            [key: string]: unknown;
                        };
                        referrer?: string;
                        session_id?: string;
                        /**
                         * Format: date-time
                         * @description when it happened; default now. At most 10 minutes ahead, at most 10 years back
                         */
                        timestamp?: string;
                        url?: string;
                        /** @description API keys only: the person's own user agent, forwarded; a user token's request gives its own */
                        user_agent?: string;
                        /**
                         * Format: uuid
                         * @description the Embark user it is about (with a user token: yourself, the default)
                         */
                        user_id?: string;
                    } | {
                        batch: {
                            /** @description what happened, e.g. service.created; <kind>.created / <kind>.deleted keep live counts */
                            event: string;
                            /** @description your app's own id for a person Embark does not know */
                            external_user_id?: string;
                            /** @description API keys only: the person's address, forwarded */
                            ip?: string | unknown | unknown;
                            /** @description your id for the event: a replay with the same id is stored once */
                            message_id?: string;
                            /**
                             * Format: uuid
                             * @description the organisation it counts for; default the user's
                             */
                            organization_id?: string;
                            properties?: {
                                [key: string]: unknown;
                            };
                            referrer?: string;
                            session_id?: string;
                            /**
                             * Format: date-time
                             * @description when it happened; default now. At most 10 minutes ahead, at most 10 years back
                             */
                            timestamp?: string;
                            url?: string;
                            /** @description API keys only: the person's own user agent, forwarded; a user token's request gives its own */
                            user_agent?: string;
                            /**
                             * Format: uuid
                             * @description the Embark user it is about (with a user token: yourself, the default)
                             */
                            user_id?: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accepted?: number;
                            /** @description events whose message_id was stored before (or twice in the batch) */
                            duplicates?: number;
                            /** @description new events stored */
                            stored?: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/feed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The activity feed, newest first: contacts' moves, approvals and provisioning, and what their accounts did and were sent (the event log); page with cursor=<next_cursor> */
        get: {
            parameters: {
                query?: {
                    /** @description the events about the contact and those concerning its account */
                    contact_id?: string;
                    /** @description The `next_cursor` of the previous page; leave it out for the first page. Opaque; it works only with the list and filters it came from (else 400 invalid_cursor). */
                    cursor?: string;
                    limit?: number;
                    /** @description Deprecated: page with `cursor`. Rows to skip from the start; every skipped row is read, so deep offsets are slow. Not together with `cursor`. */
                    offset?: number;
                    since?: string;
                    /** @description an event type of docs/events.md */
                    type?: string;
                    /** @description the events about or concerning the user */
                    user_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description {"kind": "system"}, or {"kind": "user" | "api_key" | "cli", "user_id"} */
                                actor: {
                                    [key: string]: unknown;
                                };
                                /** @description later events have larger ids */
                                id: number;
                                /** Format: date-time */
                                occurred_at: string;
                                /** @description the event's data, as its webhooks carry it in `data` */
                                payload: {
                                    [key: string]: unknown;
                                };
                                subject: {
                                    id: string;
                                    type: string;
                                };
                                type: string;
                            }[];
                            limit: number;
                            /** @description pass as `cursor` for the next page; null on the last page */
                            next_cursor: string | null;
                            /** @description rows with these filters, counted up to 10,000 when the first page was read (later pages repeat it) */
                            total: number;
                            /** @description true when there are more than 10,000: total is then 10,000 */
                            total_capped: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hires": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's hires, oldest first; page with cursor=<next_cursor> */
        get: {
            parameters: {
                query?: {
                    /** @description The `next_cursor` of the previous page; leave it out for the first page. Opaque; it works only with the list and filters it came from (else 400 invalid_cursor). */
                    cursor?: string;
                    limit?: number;
                    /** @description Deprecated: page with `cursor`. Rows to skip from the start; every skipped row is read, so deep offsets are slow. Not together with `cursor`. */
                    offset?: number;
                    status?: "awaiting_documents" | "provisioning" | "provisioned" | "failed" | "cancelled";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                contact_id?: string | null;
                                corporate_email?: string | null;
                                /** Format: date-time */
                                created_at?: string;
                                first_name?: string;
                                /** Format: uuid */
                                id?: string;
                                last_name?: string;
                                personal_email?: string;
                                phone?: string | null;
                                role?: string | null;
                                /** @description the provisioning run (GET /api/v1/tenant/runs/:id shows its steps) */
                                run_id?: string | null;
                                /** @enum {string} */
                                status?: "awaiting_documents" | "provisioning" | "provisioned" | "failed" | "cancelled";
                                /** Format: date-time */
                                updated_at?: string;
                            }[];
                            limit: number;
                            /** @description pass as `cursor` for the next page; null on the last page */
                            next_cursor: string | null;
                            /** @description rows with these filters, counted up to 10,000 when the first page was read (later pages repeat it) */
                            total: number;
                            /** @description true when there are more than 10,000: total is then 10,000 */
                            total_capped: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a hire; from a CRM contact (contact_id), the contact fills the names, email and phone the body leaves out */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        contact_id?: string;
                        first_name?: string;
                        last_name?: string;
                        /** Format: email */
                        personal_email?: string;
                        phone?: string | null;
                        role?: string | null;
                    } | unknown | unknown;
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            contact_id?: string | null;
                            corporate_email?: string | null;
                            /** Format: date-time */
                            created_at?: string;
                            first_name?: string;
                            /** Format: uuid */
                            id?: string;
                            last_name?: string;
                            personal_email?: string;
                            phone?: string | null;
                            role?: string | null;
                            /** @description the provisioning run (GET /api/v1/tenant/runs/:id shows its steps) */
                            run_id?: string | null;
                            /** @enum {string} */
                            status?: "awaiting_documents" | "provisioning" | "provisioned" | "failed" | "cancelled";
                            /** Format: date-time */
                            updated_at?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hires/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A hire with its documents */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            contact_id?: string | null;
                            corporate_email?: string | null;
                            /** Format: date-time */
                            created_at?: string;
                            documents?: {
                                completed_at?: string | null;
                                envelope_id?: string;
                                kind?: string;
                                provider?: string;
                                status?: string;
                                /** Format: date-time */
                                updated_at?: string;
                            }[];
                            /** @description required kinds with no completed document yet */
                            documents_missing?: string[];
                            first_name?: string;
                            /** Format: uuid */
                            id?: string;
                            last_name?: string;
                            personal_email?: string;
                            phone?: string | null;
                            role?: string | null;
                            /** @description the provisioning run (GET /api/v1/tenant/runs/:id shows its steps) */
                            run_id?: string | null;
                            /** @enum {string} */
                            status?: "awaiting_documents" | "provisioning" | "provisioned" | "failed" | "cancelled";
                            /** Format: date-time */
                            updated_at?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hires/{id}/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Register the e-sign envelope a hire signs one of the required documents in, so the provider's webhooks find it */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        envelope_id: string;
                        /** @description a document kind key, e.g. w9 */
                        kind: string;
                        /** @enum {string} */
                        provider: "docusign" | "dropbox_sign";
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            contact_id?: string | null;
                            corporate_email?: string | null;
                            /** Format: date-time */
                            created_at?: string;
                            documents?: {
                                completed_at?: string | null;
                                envelope_id?: string;
                                kind?: string;
                                provider?: string;
                                status?: string;
                                /** Format: date-time */
                                updated_at?: string;
                            }[];
                            /** @description required kinds with no completed document yet */
                            documents_missing?: string[];
                            first_name?: string;
                            /** Format: uuid */
                            id?: string;
                            last_name?: string;
                            personal_email?: string;
                            phone?: string | null;
                            role?: string | null;
                            /** @description the provisioning run (GET /api/v1/tenant/runs/:id shows its steps) */
                            run_id?: string | null;
                            /** @enum {string} */
                            status?: "awaiting_documents" | "provisioning" | "provisioned" | "failed" | "cancelled";
                            /** Format: date-time */
                            updated_at?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hires/{id}/documents/send": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send one of the hire's documents from Embark through the tenant's e-sign integration: a Dropbox Sign signature request or a DocuSign envelope from the tenant's template to the hire's personal address (the hire and kind in its metadata or custom fields), registered as the kind's document. Idempotent per kind: a kind already sent or delivered answers the hire and sends nothing, one being sent by another request is 409 document_sending; only a declined or voided one is sent again */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description a document kind key, e.g. w9 */
                        kind: string;
                        /** @description the template's signer role the hire signs as, exactly as the template names it */
                        signer_role: string;
                        /** @description the Dropbox Sign or DocuSign template id */
                        template_id: string;
                        /** @description Dropbox Sign's test mode: not legally binding (DocuSign's is its demo environment) */
                        test_mode?: boolean;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            contact_id?: string | null;
                            corporate_email?: string | null;
                            /** Format: date-time */
                            created_at?: string;
                            documents?: {
                                completed_at?: string | null;
                                envelope_id?: string;
                                kind?: string;
                                provider?: string;
                                status?: string;
                                /** Format: date-time */
                                updated_at?: string;
                            }[];
                            /** @description required kinds with no completed document yet */
                            documents_missing?: string[];
                            first_name?: string;
                            /** Format: uuid */
                            id?: string;
                            last_name?: string;
                            personal_email?: string;
                            phone?: string | null;
                            role?: string | null;
                            /** @description the provisioning run (GET /api/v1/tenant/runs/:id shows its steps) */
                            run_id?: string | null;
                            /** @enum {string} */
                            status?: "awaiting_documents" | "provisioning" | "provisioned" | "failed" | "cancelled";
                            /** Format: date-time */
                            updated_at?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hires/{id}/provisioning/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A dry run: the address provisioning would choose for the hire now, the addresses it would skip, and its steps; nothing is written or reserved */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            address?: string | null;
                            /** Format: uuid */
                            hire_id?: string;
                            mailbox_provider?: string;
                            problems?: string[];
                            skipped?: string[];
                            steps?: string[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's stored integrations of every kind (credentials masked) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description the provider of its kind Embark uses; saving another makes that one active */
                                active: boolean;
                                /** @description secret fields masked */
                                credentials: {
                                    [key: string]: unknown;
                                };
                                enabled: boolean;
                                from: string;
                                /** @enum {string} */
                                kind: "email" | "sms" | "voice" | "mailbox" | "esign";
                                provider: string;
                                provider_label: string;
                                updated_at: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{kind}/{provider}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Store a provider's credentials (sealed, never returned) and make it the active one of its kind */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    kind: "email" | "sms" | "voice" | "mailbox" | "esign";
                    provider: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the fields GET /api/v1/integrations/providers lists for the provider; left out, the stored ones are kept */
                        credentials?: Record<string, unknown>;
                        enabled?: boolean;
                        /** @description the sender: an email address (email) or E.164 number (sms, voice); other kinds have none */
                        from?: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the provider of its kind Embark uses; saving another makes that one active */
                            active: boolean;
                            /** @description secret fields masked */
                            credentials: {
                                [key: string]: unknown;
                            };
                            enabled: boolean;
                            from: string;
                            /** @enum {string} */
                            kind: "email" | "sms" | "voice" | "mailbox" | "esign";
                            provider: string;
                            provider_label: string;
                            updated_at: string | null;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{kind}/{provider}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Test connection: one harmless call with the stored credentials (a mailbox vendor: the token grant and a one-item directory list; Dropbox Sign: GET /v3/account; DocuSign with sending credentials: the JWT grant and /oauth/userinfo); ok is null where there is nothing to call (DocuSign with only its Connect HMAC keys: inbound webhooks only) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    kind: "email" | "sms" | "voice" | "mailbox" | "esign";
                    provider: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            checked_at: string;
                            detail: string;
                            ok: boolean | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every kind of integration, its providers and the credential fields each takes (the forms are built from these) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            kinds: {
                                /** @enum {string} */
                                kind: "email" | "sms" | "voice" | "mailbox" | "esign";
                                label: string;
                                providers: {
                                    fields: {
                                        /** @description points the adapter at another server than the vendor's; refused unless the operator allows it */
                                        endpoint?: boolean;
                                        help?: string;
                                        label: string;
                                        name: string;
                                        options?: string[];
                                        required: boolean;
                                        /**
                                         * @description secret: stored sealed, never shown again; select: one of options
                                         * @enum {string}
                                         */
                                        type: "text" | "secret" | "url" | "select" | "integer" | "boolean";
                                    }[];
                                    id: string;
                                    label: string;
                                    notice?: string;
                                }[];
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who the token belongs to, and the tenant the request acts in */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description every /api/v1 route ("METHOD /path/:param") this user may call in this tenant context, by the access rules the server applies */
                            allowed: string[];
                            impersonating: boolean;
                            server: {
                                /** @description development switch EMBARK_OUTBOX_REVEAL_SECRETS is on */
                                outbox_reveal_secrets?: boolean;
                            };
                            tenant: null | {
                                /** Format: uuid */
                                id?: string;
                                is_active?: boolean;
                                name?: string;
                                subdomain?: string;
                            };
                            user: {
                                /** Format: date-time */
                                created_at?: string;
                                disabled?: boolean;
                                email?: string | null;
                                /** Format: uuid */
                                id?: string;
                                last_login_at?: string | null;
                                must_change_password?: boolean;
                                /** @description false for an account without a password yet (invited, or made by an identity provider) */
                                password_set?: boolean;
                                phone?: string | null;
                                role?: string;
                                tenant_id?: string | null;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/feed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's own activity, newest first: their account, onboarding, organisation membership and the messages sent to them (never anyone else's); page with cursor=<next_cursor> */
        get: {
            parameters: {
                query?: {
                    /** @description The `next_cursor` of the previous page; leave it out for the first page. Opaque; it works only with the list and filters it came from (else 400 invalid_cursor). */
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description {"kind": "system"}, or {"kind": "user" | "api_key" | "cli", "user_id"} */
                                actor: {
                                    [key: string]: unknown;
                                };
                                /** @description later events have larger ids */
                                id: number;
                                /** Format: date-time */
                                occurred_at: string;
                                /** @description the event's data, as its webhooks carry it in `data` */
                                payload: {
                                    [key: string]: unknown;
                                };
                                subject: {
                                    id: string;
                                    type: string;
                                };
                                type: string;
                            }[];
                            limit: number;
                            /** @description pass as `cursor` for the next page; null on the last page */
                            next_cursor: string | null;
                            /** @description rows with these filters, counted up to 10,000 when the first page was read (later pages repeat it) */
                            total: number;
                            /** @description true when there are more than 10,000: total is then 10,000 */
                            total_capped: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The outbox: messages newest first (provider=outbox lists what the built-in provider delivered); page with cursor=<next_cursor> */
        get: {
            parameters: {
                query?: {
                    channel?: "email" | "sms" | "voice";
                    /** @description The `next_cursor` of the previous page; leave it out for the first page. Opaque; it works only with the list and filters it came from (else 400 invalid_cursor). */
                    cursor?: string;
                    limit?: number;
                    /** @description Deprecated: page with `cursor`. Rows to skip from the start; every skipped row is read, so deep offsets are slow. Not together with `cursor`. */
                    offset?: number;
                    provider?: string;
                    status?: "queued" | "sending" | "sent" | "delivered" | "failed" | "needs_attention" | "cancelled";
                    user_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: ({
                                attempts?: number;
                                bundle?: string;
                                channel?: string;
                                content?: string | null;
                                /** Format: uuid */
                                id?: string;
                                last_error?: string | null;
                                provider?: string | null;
                                provider_message_id?: string | null;
                                recipient?: string;
                                /** @description the outbox masked secrets here, and a global admin may reveal them (development switch) */
                                revealable?: boolean;
                                status?: string;
                                subject?: string | null;
                            } & {
                                [key: string]: unknown;
                            })[];
                            limit: number;
                            /** @description pass as `cursor` for the next page; null on the last page */
                            next_cursor: string | null;
                            /** @description rows with these filters, counted up to 10,000 when the first page was read (later pages repeat it) */
                            total: number;
                            /** @description true when there are more than 10,000: total is then 10,000 */
                            total_capped: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/messages/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A message with its event history */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts?: number;
                            bundle?: string;
                            channel?: string;
                            content?: string | null;
                            /** Format: uuid */
                            id?: string;
                            last_error?: string | null;
                            provider?: string | null;
                            provider_message_id?: string | null;
                            recipient?: string;
                            /** @description the outbox masked secrets here, and a global admin may reveal them (development switch) */
                            revealable?: boolean;
                            status?: string;
                            subject?: string | null;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/messages/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue a failed or needs_attention message again */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts?: number;
                            bundle?: string;
                            channel?: string;
                            content?: string | null;
                            /** Format: uuid */
                            id?: string;
                            last_error?: string | null;
                            provider?: string | null;
                            provider_message_id?: string | null;
                            recipient?: string;
                            /** @description the outbox masked secrets here, and a global admin may reveal them (development switch) */
                            revealable?: boolean;
                            status?: string;
                            subject?: string | null;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/messages/{id}/reveal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Development only: the message with the secrets and links the built-in outbox masked (global admins, EMBARK_OUTBOX_REVEAL_SECRETS=true)
         * @description Each reading is recorded in the audit log as message.secrets_revealed.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            content?: string;
                            /** Format: uuid */
                            id?: string;
                            subject?: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/messages/dispatch-due": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Dispatch this tenant's due queued messages of every channel now, without waiting for the worker
         * @description Each message is sent once: one a worker is already sending is left to it, and reported as it stands.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default 20 */
                        limit?: number;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            messages?: ({
                                attempts?: number;
                                bundle?: string;
                                channel?: string;
                                content?: string | null;
                                /** Format: uuid */
                                id?: string;
                                last_error?: string | null;
                                provider?: string | null;
                                provider_message_id?: string | null;
                                recipient?: string;
                                /** @description the outbox masked secrets here, and a global admin may reveal them (development switch) */
                                revealable?: boolean;
                                status?: string;
                                subject?: string | null;
                            } & {
                                [key: string]: unknown;
                            })[];
                            processed?: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/onboarding": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your onboarding: each checklist that applies to you (yours and your organisation’s) with its tasks and progress */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items?: {
                                completed?: boolean;
                                /** Format: date-time */
                                completed_at?: string | null;
                                /** @description the first incomplete required task */
                                current_stage?: string | null;
                                /** Format: date-time */
                                dismissed_at?: string | null;
                                key?: string;
                                progress?: {
                                    done?: number;
                                    required?: number;
                                };
                                /** @enum {string} */
                                scope?: "user" | "organization";
                                subject?: {
                                    /** Format: uuid */
                                    id?: string;
                                    type?: string;
                                };
                                tasks?: {
                                    completed?: boolean;
                                    /** Format: date-time */
                                    completed_at?: string | null;
                                    /** @description the user whose action completed it (a member of an organisation), or who marked it */
                                    completed_by?: string | null;
                                    description?: string | null;
                                    link?: string | null;
                                    required?: boolean;
                                    /** @enum {string} */
                                    rule?: "event" | "live_count" | "property" | "manual";
                                    slug?: string;
                                    /** @enum {string} */
                                    source?: "rule" | "manual" | "override";
                                    title?: string;
                                }[];
                                title?: string;
                                version?: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/onboarding/complete/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Complete one of your manual tasks (a task completed from data answers task_derived) */
        post: {
            parameters: {
                query?: {
                    /** @description the checklist, when two that apply share the slug */
                    checklist?: string;
                };
                header?: never;
                path: {
                    /** @description a task's slug: a lowercase letter, then letters, digits, _ and - */
                    slug: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            completed?: boolean;
                            /** Format: date-time */
                            completed_at?: string | null;
                            /** @description the first incomplete required task */
                            current_stage?: string | null;
                            /** Format: date-time */
                            dismissed_at?: string | null;
                            key?: string;
                            progress?: {
                                done?: number;
                                required?: number;
                            };
                            /** @enum {string} */
                            scope?: "user" | "organization";
                            subject?: {
                                /** Format: uuid */
                                id?: string;
                                type?: string;
                            };
                            tasks?: {
                                completed?: boolean;
                                /** Format: date-time */
                                completed_at?: string | null;
                                /** @description the user whose action completed it (a member of an organisation), or who marked it */
                                completed_by?: string | null;
                                description?: string | null;
                                link?: string | null;
                                required?: boolean;
                                /** @enum {string} */
                                rule?: "event" | "live_count" | "property" | "manual";
                                slug?: string;
                                /** @enum {string} */
                                source?: "rule" | "manual" | "override";
                                title?: string;
                            }[];
                            title?: string;
                            version?: number;
                        };
                    };
                };
            };
        };
        /** Take back the completion of one of your manual tasks */
        delete: {
            parameters: {
                query?: {
                    /** @description the checklist, when two that apply share the slug */
                    checklist?: string;
                };
                header?: never;
                path: {
                    /** @description a task's slug: a lowercase letter, then letters, digits, _ and - */
                    slug: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            completed?: boolean;
                            /** Format: date-time */
                            completed_at?: string | null;
                            /** @description the first incomplete required task */
                            current_stage?: string | null;
                            /** Format: date-time */
                            dismissed_at?: string | null;
                            key?: string;
                            progress?: {
                                done?: number;
                                required?: number;
                            };
                            /** @enum {string} */
                            scope?: "user" | "organization";
                            subject?: {
                                /** Format: uuid */
                                id?: string;
                                type?: string;
                            };
                            tasks?: {
                                completed?: boolean;
                                /** Format: date-time */
                                completed_at?: string | null;
                                /** @description the user whose action completed it (a member of an organisation), or who marked it */
                                completed_by?: string | null;
                                description?: string | null;
                                link?: string | null;
                                required?: boolean;
                                /** @enum {string} */
                                rule?: "event" | "live_count" | "property" | "manual";
                                slug?: string;
                                /** @enum {string} */
                                source?: "rule" | "manual" | "override";
                                title?: string;
                            }[];
                            title?: string;
                            version?: number;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/onboarding/dismiss": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Hide your checklists (all, or ?checklist=): your own, and your organisation's when you are its owner or admin; the data stays */
        post: {
            parameters: {
                query?: {
                    /** @description the checklist, when two that apply share the slug */
                    checklist?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items?: {
                                completed?: boolean;
                                /** Format: date-time */
                                completed_at?: string | null;
                                /** @description the first incomplete required task */
                                current_stage?: string | null;
                                /** Format: date-time */
                                dismissed_at?: string | null;
                                key?: string;
                                progress?: {
                                    done?: number;
                                    required?: number;
                                };
                                /** @enum {string} */
                                scope?: "user" | "organization";
                                subject?: {
                                    /** Format: uuid */
                                    id?: string;
                                    type?: string;
                                };
                                tasks?: {
                                    completed?: boolean;
                                    /** Format: date-time */
                                    completed_at?: string | null;
                                    /** @description the user whose action completed it (a member of an organisation), or who marked it */
                                    completed_by?: string | null;
                                    description?: string | null;
                                    link?: string | null;
                                    required?: boolean;
                                    /** @enum {string} */
                                    rule?: "event" | "live_count" | "property" | "manual";
                                    slug?: string;
                                    /** @enum {string} */
                                    source?: "rule" | "manual" | "override";
                                    title?: string;
                                }[];
                                title?: string;
                                version?: number;
                            }[];
                        };
                    };
                };
            };
        };
        /** Show your dismissed checklists again */
        delete: {
            parameters: {
                query?: {
                    /** @description the checklist, when two that apply share the slug */
                    checklist?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items?: {
                                completed?: boolean;
                                /** Format: date-time */
                                completed_at?: string | null;
                                /** @description the first incomplete required task */
                                current_stage?: string | null;
                                /** Format: date-time */
                                dismissed_at?: string | null;
                                key?: string;
                                progress?: {
                                    done?: number;
                                    required?: number;
                                };
                                /** @enum {string} */
                                scope?: "user" | "organization";
                                subject?: {
                                    /** Format: uuid */
                                    id?: string;
                                    type?: string;
                                };
                                tasks?: {
                                    completed?: boolean;
                                    /** Format: date-time */
                                    completed_at?: string | null;
                                    /** @description the user whose action completed it (a member of an organisation), or who marked it */
                                    completed_by?: string | null;
                                    description?: string | null;
                                    link?: string | null;
                                    required?: boolean;
                                    /** @enum {string} */
                                    rule?: "event" | "live_count" | "property" | "manual";
                                    slug?: string;
                                    /** @enum {string} */
                                    source?: "rule" | "manual" | "override";
                                    title?: string;
                                }[];
                                title?: string;
                                version?: number;
                            }[];
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/onboarding/initialize/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Initialise a user's onboarding if it is missing, and answer what exists (never creates anything twice) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description false when the user was already initialised: nothing was created twice */
                            initialized_now?: boolean;
                            onboarding?: {
                                contact?: {
                                    channel?: string | null;
                                    message_id?: string | null;
                                    message_status?: string | null;
                                    /**
                                     * @description the first contact's message status (queued, sending, sent, delivered, failed, needs_attention, cancelled) once onboarding queued it; no_channel or disabled_by_policy when it could not be sent; pending before onboarding decided
                                     * @enum {string}
                                     */
                                    status?: "pending" | "queued" | "sending" | "sent" | "delivered" | "failed" | "needs_attention" | "cancelled" | "no_channel" | "disabled_by_policy";
                                };
                                /** Format: date-time */
                                initialized_at?: string;
                                preferences?: {
                                    default_mode?: string | null;
                                    last_mode?: string | null;
                                };
                                profile?: {
                                    first_name?: string | null;
                                    last_name?: string | null;
                                    organization_name?: string | null;
                                };
                                role?: string | null;
                                roles?: string[];
                                signup_mode?: string | null;
                                /** Format: uuid */
                                user_id?: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/onboarding/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user's checklists (theirs and their organisation's), or an organisation's: give user_id or organization_id */
        get: {
            parameters: {
                query?: {
                    organization_id?: string;
                    user_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items?: {
                                completed?: boolean;
                                /** Format: date-time */
                                completed_at?: string | null;
                                /** @description the first incomplete required task */
                                current_stage?: string | null;
                                /** Format: date-time */
                                dismissed_at?: string | null;
                                key?: string;
                                progress?: {
                                    done?: number;
                                    required?: number;
                                };
                                /** @enum {string} */
                                scope?: "user" | "organization";
                                subject?: {
                                    /** Format: uuid */
                                    id?: string;
                                    type?: string;
                                };
                                tasks?: {
                                    completed?: boolean;
                                    /** Format: date-time */
                                    completed_at?: string | null;
                                    /** @description the user whose action completed it (a member of an organisation), or who marked it */
                                    completed_by?: string | null;
                                    description?: string | null;
                                    link?: string | null;
                                    required?: boolean;
                                    /** @enum {string} */
                                    rule?: "event" | "live_count" | "property" | "manual";
                                    slug?: string;
                                    /** @enum {string} */
                                    source?: "rule" | "manual" | "override";
                                    title?: string;
                                }[];
                                title?: string;
                                version?: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/onboarding/subjects/organization/{id}/tasks/{slug}/override": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Decide a task for an organisation whatever its rule says, with a reason (recorded with who and when) */
        post: {
            parameters: {
                query?: {
                    /** @description the checklist, when two that apply share the slug */
                    checklist?: string;
                };
                header?: never;
                path: {
                    id: string;
                    /** @description a task's slug: a lowercase letter, then letters, digits, _ and - */
                    slug: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        completed: boolean;
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            completed?: boolean;
                            /** Format: date-time */
                            completed_at?: string | null;
                            /** @description the first incomplete required task */
                            current_stage?: string | null;
                            /** Format: date-time */
                            dismissed_at?: string | null;
                            key?: string;
                            progress?: {
                                done?: number;
                                required?: number;
                            };
                            /** @enum {string} */
                            scope?: "user" | "organization";
                            subject?: {
                                /** Format: uuid */
                                id?: string;
                                type?: string;
                            };
                            tasks?: {
                                completed?: boolean;
                                /** Format: date-time */
                                completed_at?: string | null;
                                /** @description the user whose action completed it (a member of an organisation), or who marked it */
                                completed_by?: string | null;
                                description?: string | null;
                                link?: string | null;
                                required?: boolean;
                                /** @enum {string} */
                                rule?: "event" | "live_count" | "property" | "manual";
                                slug?: string;
                                /** @enum {string} */
                                source?: "rule" | "manual" | "override";
                                title?: string;
                            }[];
                            title?: string;
                            version?: number;
                        };
                    };
                };
            };
        };
        /** Remove an override: the task follows its rule again */
        delete: {
            parameters: {
                query?: {
                    /** @description the checklist, when two that apply share the slug */
                    checklist?: string;
                };
                header?: never;
                path: {
                    id: string;
                    /** @description a task's slug: a lowercase letter, then letters, digits, _ and - */
                    slug: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            completed?: boolean;
                            /** Format: date-time */
                            completed_at?: string | null;
                            /** @description the first incomplete required task */
                            current_stage?: string | null;
                            /** Format: date-time */
                            dismissed_at?: string | null;
                            key?: string;
                            progress?: {
                                done?: number;
                                required?: number;
                            };
                            /** @enum {string} */
                            scope?: "user" | "organization";
                            subject?: {
                                /** Format: uuid */
                                id?: string;
                                type?: string;
                            };
                            tasks?: {
                                completed?: boolean;
                                /** Format: date-time */
                                completed_at?: string | null;
                                /** @description the user whose action completed it (a member of an organisation), or who marked it */
                                completed_by?: string | null;
                                description?: string | null;
                                link?: string | null;
                                required?: boolean;
                                /** @enum {string} */
                                rule?: "event" | "live_count" | "property" | "manual";
                                slug?: string;
                                /** @enum {string} */
                                source?: "rule" | "manual" | "override";
                                title?: string;
                            }[];
                            title?: string;
                            version?: number;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/onboarding/subjects/user/{id}/tasks/{slug}/override": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Decide a task for a user whatever its rule says, with a reason (recorded with who and when) */
        post: {
            parameters: {
                query?: {
                    /** @description the checklist, when two that apply share the slug */
                    checklist?: string;
                };
                header?: never;
                path: {
                    id: string;
                    /** @description a task's slug: a lowercase letter, then letters, digits, _ and - */
                    slug: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        completed: boolean;
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            completed?: boolean;
                            /** Format: date-time */
                            completed_at?: string | null;
                            /** @description the first incomplete required task */
                            current_stage?: string | null;
                            /** Format: date-time */
                            dismissed_at?: string | null;
                            key?: string;
                            progress?: {
                                done?: number;
                                required?: number;
                            };
                            /** @enum {string} */
                            scope?: "user" | "organization";
                            subject?: {
                                /** Format: uuid */
                                id?: string;
                                type?: string;
                            };
                            tasks?: {
                                completed?: boolean;
                                /** Format: date-time */
                                completed_at?: string | null;
                                /** @description the user whose action completed it (a member of an organisation), or who marked it */
                                completed_by?: string | null;
                                description?: string | null;
                                link?: string | null;
                                required?: boolean;
                                /** @enum {string} */
                                rule?: "event" | "live_count" | "property" | "manual";
                                slug?: string;
                                /** @enum {string} */
                                source?: "rule" | "manual" | "override";
                                title?: string;
                            }[];
                            title?: string;
                            version?: number;
                        };
                    };
                };
            };
        };
        /** Remove an override: the task follows its rule again */
        delete: {
            parameters: {
                query?: {
                    /** @description the checklist, when two that apply share the slug */
                    checklist?: string;
                };
                header?: never;
                path: {
                    id: string;
                    /** @description a task's slug: a lowercase letter, then letters, digits, _ and - */
                    slug: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            completed?: boolean;
                            /** Format: date-time */
                            completed_at?: string | null;
                            /** @description the first incomplete required task */
                            current_stage?: string | null;
                            /** Format: date-time */
                            dismissed_at?: string | null;
                            key?: string;
                            progress?: {
                                done?: number;
                                required?: number;
                            };
                            /** @enum {string} */
                            scope?: "user" | "organization";
                            subject?: {
                                /** Format: uuid */
                                id?: string;
                                type?: string;
                            };
                            tasks?: {
                                completed?: boolean;
                                /** Format: date-time */
                                completed_at?: string | null;
                                /** @description the user whose action completed it (a member of an organisation), or who marked it */
                                completed_by?: string | null;
                                description?: string | null;
                                link?: string | null;
                                required?: boolean;
                                /** @enum {string} */
                                rule?: "event" | "live_count" | "property" | "manual";
                                slug?: string;
                                /** @enum {string} */
                                source?: "rule" | "manual" | "override";
                                title?: string;
                            }[];
                            title?: string;
                            version?: number;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/onboarding/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Each user's app role, signup mode, preferences and first-contact status (linking to its message), in the order of GET /api/v1/users; page with cursor=<next_cursor> */
        get: {
            parameters: {
                query?: {
                    /** @description The `next_cursor` of the previous page; leave it out for the first page. Opaque; it works only with the list and filters it came from (else 400 invalid_cursor). */
                    cursor?: string;
                    limit?: number;
                    /** @description Deprecated: page with `cursor`. Rows to skip from the start; every skipped row is read, so deep offsets are slow. Not together with `cursor`. */
                    offset?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                access_role?: string;
                                app_role?: string | null;
                                contact?: null | {
                                    channel?: string | null;
                                    message_id?: string | null;
                                    message_status?: string | null;
                                    /**
                                     * @description the first contact's message status (queued, sending, sent, delivered, failed, needs_attention, cancelled) once onboarding queued it; no_channel or disabled_by_policy when it could not be sent; pending before onboarding decided
                                     * @enum {string}
                                     */
                                    status?: "pending" | "queued" | "sending" | "sent" | "delivered" | "failed" | "needs_attention" | "cancelled" | "no_channel" | "disabled_by_policy";
                                };
                                email?: string | null;
                                first_name?: string | null;
                                initialized_at?: string | null;
                                last_name?: string | null;
                                organization_name?: string | null;
                                phone?: string | null;
                                preferences?: null | {
                                    default_mode?: string | null;
                                    last_mode?: string | null;
                                };
                                signup_mode?: string | null;
                                /** Format: uuid */
                                user_id?: string;
                            }[];
                            limit: number;
                            /** @description pass as `cursor` for the next page; null on the last page */
                            next_cursor: string | null;
                            /** @description rows with these filters, counted up to 10,000 when the first page was read (later pages repeat it) */
                            total: number;
                            /** @description true when there are more than 10,000: total is then 10,000 */
                            total_capped: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/organizations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's organisations, oldest first; page with cursor=<next_cursor> */
        get: {
            parameters: {
                query?: {
                    /** @description The `next_cursor` of the previous page; leave it out for the first page. Opaque; it works only with the list and filters it came from (else 400 invalid_cursor). */
                    cursor?: string;
                    /** @description The tenant app's own id for the organisation; unique in the tenant */
                    external_id?: string;
                    limit?: number;
                    /** @description a part of the name, any case */
                    name?: string;
                    /** @description Deprecated: page with `cursor`. Rows to skip from the start; every skipped row is read, so deep offsets are slow. Not together with `cursor`. */
                    offset?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                created_at: string;
                                /** @description the user who created it, when it came from their signup or they created it */
                                created_by?: string | null;
                                external_id: string | null;
                                /** Format: uuid */
                                id: string;
                                member_count: number;
                                name: string;
                                /** Format: date-time */
                                updated_at: string;
                            }[];
                            limit: number;
                            /** @description pass as `cursor` for the next page; null on the last page */
                            next_cursor: string | null;
                            /** @description rows with these filters, counted up to 10,000 when the first page was read (later pages repeat it) */
                            total: number;
                            /** @description true when there are more than 10,000: total is then 10,000 */
                            total_capped: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create an organisation */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        external_id?: string | null;
                        name: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            created_at: string;
                            /** @description the user who created it, when it came from their signup or they created it */
                            created_by?: string | null;
                            external_id: string | null;
                            /** Format: uuid */
                            id: string;
                            member_count: number;
                            name: string;
                            /** Format: date-time */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/organizations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An organisation with its members */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            created_at: string;
                            /** @description the user who created it, when it came from their signup or they created it */
                            created_by?: string | null;
                            external_id: string | null;
                            /** Format: uuid */
                            id: string;
                            member_count: number;
                            members?: {
                                email?: string | null;
                                /** Format: date-time */
                                joined_at?: string;
                                /** @enum {string} */
                                role?: "owner" | "admin" | "member";
                                /** Format: uuid */
                                user_id?: string;
                            }[];
                            name: string;
                            /** Format: date-time */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete an organisation; its members stay users of the tenant, in no organisation */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename an organisation or change its external_id (null clears it) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        external_id?: string | null;
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            created_at: string;
                            /** @description the user who created it, when it came from their signup or they created it */
                            created_by?: string | null;
                            external_id: string | null;
                            /** Format: uuid */
                            id: string;
                            member_count: number;
                            members?: {
                                email?: string | null;
                                /** Format: date-time */
                                joined_at?: string;
                                /** @enum {string} */
                                role?: "owner" | "admin" | "member";
                                /** Format: uuid */
                                user_id?: string;
                            }[];
                            name: string;
                            /** Format: date-time */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/organizations/{id}/members/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Put a user of the tenant in the organisation with a role (default member), moving them out of their previous one: a user has one organisation */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    user_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @default member
                         * @enum {string}
                         */
                        role?: "owner" | "admin" | "member";
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            created_at: string;
                            /** @description the user who created it, when it came from their signup or they created it */
                            created_by?: string | null;
                            external_id: string | null;
                            /** Format: uuid */
                            id: string;
                            member_count: number;
                            members?: {
                                email?: string | null;
                                /** Format: date-time */
                                joined_at?: string;
                                /** @enum {string} */
                                role?: "owner" | "admin" | "member";
                                /** Format: uuid */
                                user_id?: string;
                            }[];
                            name: string;
                            /** Format: date-time */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Take a user out of the organisation */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    user_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            created_at: string;
                            /** @description the user who created it, when it came from their signup or they created it */
                            created_by?: string | null;
                            external_id: string | null;
                            /** Format: uuid */
                            id: string;
                            member_count: number;
                            members?: {
                                email?: string | null;
                                /** Format: date-time */
                                joined_at?: string;
                                /** @enum {string} */
                                role?: "owner" | "admin" | "member";
                                /** Format: uuid */
                                user_id?: string;
                            }[];
                            name: string;
                            /** Format: date-time */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/provisioning/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Process the tenant's unfinished provisioning runs now, oldest first (the worker runs them without it); a failing step gets one attempt */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            steps_executed?: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/provisioning/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's provisioning runs (kind hire.provisioning), newest first, by state and hire; GET /api/v1/tenant/runs/:id shows one's steps, POST …/retry and …/cancel act on it; page with cursor=<next_cursor> */
        get: {
            parameters: {
                query?: {
                    /** @description The `next_cursor` of the previous page; leave it out for the first page. Opaque; it works only with the list and filters it came from (else 400 invalid_cursor). */
                    cursor?: string;
                    hire_id?: string;
                    limit?: number;
                    /** @description Deprecated: page with `cursor`. Rows to skip from the start; every skipped row is read, so deep offsets are slow. Not together with `cursor`. */
                    offset?: number;
                    state?: "pending" | "running" | "succeeded" | "failed" | "cancelled";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: ({
                                /** Format: uuid */
                                id?: string;
                                kind?: string;
                                last_error?: string | null;
                                /** @enum {string} */
                                state?: "pending" | "running" | "succeeded" | "failed" | "cancelled";
                            } & {
                                [key: string]: unknown;
                            })[];
                            limit: number;
                            /** @description pass as `cursor` for the next page; null on the last page */
                            next_cursor: string | null;
                            /** @description rows with these filters, counted up to 10,000 when the first page was read (later pages repeat it) */
                            total: number;
                            /** @description true when there are more than 10,000: total is then 10,000 */
                            total_capped: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/provisioning/runs/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Retry failed provisioning runs in bulk: these ids, or every failed one (up to 100); each is reported */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        ids?: string[];
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            results?: {
                                /** Format: uuid */
                                id?: string;
                                outcome?: string;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether first-run setup is still to be done (no global admin exists yet) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            needed?: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create the first global admin with the one-time token `embark serve` printed */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        /** @description 12–256 characters */
                        password: string;
                        /** @example AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA */
                        token: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            created_at?: string;
                            disabled?: boolean;
                            email?: string | null;
                            /** Format: uuid */
                            id?: string;
                            last_login_at?: string | null;
                            must_change_password?: boolean;
                            /** @description false for an account without a password yet (invited, or made by an identity provider) */
                            password_set?: boolean;
                            phone?: string | null;
                            role?: string;
                            tenant_id?: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/subjects/organization/{id}/properties": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The properties your app set on an organisation */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            properties?: {
                                [key: string]: unknown;
                            };
                            /** Format: date-time */
                            updated_at?: string | null;
                        };
                    };
                };
            };
        };
        /** Set properties (null removes one; the others stay); property rules are evaluated at once */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description property names to JSON values; null removes one */
                        properties: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            properties?: {
                                [key: string]: unknown;
                            };
                            /** Format: date-time */
                            updated_at?: string | null;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/subjects/user/{id}/properties": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The properties your app set on a user */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            properties?: {
                                [key: string]: unknown;
                            };
                            /** Format: date-time */
                            updated_at?: string | null;
                        };
                    };
                };
            };
        };
        /** Set properties (null removes one; the others stay); property rules are evaluated at once */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description property names to JSON values; null removes one */
                        properties: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            properties?: {
                                [key: string]: unknown;
                            };
                            /** Format: date-time */
                            updated_at?: string | null;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/analytics-settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How long tracked events are kept, and how much of an address */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description full: the address as it came; truncate: its /24 (IPv4) or /48 (IPv6) network; none: not kept
                             * @enum {string}
                             */
                            ip_mode?: "full" | "truncate" | "none";
                            /** @description tracked events older than this are deleted by the hourly upkeep */
                            retention_days?: number;
                            /** Format: date-time */
                            updated_at?: string | null;
                        };
                    };
                };
            };
        };
        /** Change the retention of tracked events (1–3660 days) or the address mode; a field left out stays */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        ip_mode?: "full" | "truncate" | "none";
                        retention_days?: number;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description full: the address as it came; truncate: its /24 (IPv4) or /48 (IPv6) network; none: not kept
                             * @enum {string}
                             */
                            ip_mode?: "full" | "truncate" | "none";
                            /** @description tracked events older than this are deleted by the hourly upkeep */
                            retention_days?: number;
                            /** Format: date-time */
                            updated_at?: string | null;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the tenant's API keys (never the keys themselves) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items?: {
                                /** Format: date-time */
                                created_at?: string;
                                created_by?: string | null;
                                /** Format: uuid */
                                id?: string;
                                /** @description shown once, at creation */
                                key?: string;
                                last_used_at?: string | null;
                                name?: string;
                                prefix?: string;
                                revoked_at?: string | null;
                                scopes?: string[];
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Create an API key for server-to-server calls, with the scopes it may use; the key is in this response only
         * @description `users:read`: list and read users and their onboarding; `users:write`: create users, change their role or disable them, start their onboarding; `messages:read`: list and read messages with their history; `messages:write`: queue onboarding calls, dispatch due messages, retry a failed message; `events:write`: report your product's events (POST /api/v1/events) for the onboarding checklists and analytics; `onboarding:read`: read a user's or an organisation's onboarding checklists and progress; `onboarding:write`: set subjects' properties, override a task for a subject; `analytics:read`: read funnels, active users and onboarding completion; `embed:mint`: mint short-lived tokens for the embeddable checklist widget, each for one of your users (POST /api/v1/embed-tokens). No key ever reaches admin routes (tenants, API keys, channels, settings).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /**
                         * @example [
                         *       "users:read"
                         *     ]
                         */
                        scopes: ("users:read" | "users:write" | "messages:read" | "messages:write" | "events:write" | "onboarding:read" | "onboarding:write" | "analytics:read" | "embed:mint")[];
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            created_at?: string;
                            created_by?: string | null;
                            /** Format: uuid */
                            id?: string;
                            /** @description shown once, at creation */
                            key?: string;
                            last_used_at?: string | null;
                            name?: string;
                            prefix?: string;
                            revoked_at?: string | null;
                            scopes?: string[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            created_at?: string;
                            created_by?: string | null;
                            /** Format: uuid */
                            id?: string;
                            /** @description shown once, at creation */
                            key?: string;
                            last_used_at?: string | null;
                            name?: string;
                            prefix?: string;
                            revoked_at?: string | null;
                            scopes?: string[];
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/api-keys/scopes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The scopes an API key can be given, each with what it allows */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                description: string;
                                scope: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/channels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's email, sms and voice channels (credentials masked) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @enum {string} */
                                channel: "email" | "sms" | "voice";
                                configured: boolean;
                                /** @description secret fields masked */
                                credentials: {
                                    [key: string]: unknown;
                                };
                                enabled: boolean;
                                from: string;
                                provider: string;
                                updated_at: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/channels/{channel}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One channel (credentials masked) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    channel: "email" | "sms" | "voice";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            channel: "email" | "sms" | "voice";
                            configured: boolean;
                            /** @description secret fields masked */
                            credentials: {
                                [key: string]: unknown;
                            };
                            enabled: boolean;
                            from: string;
                            provider: string;
                            updated_at: string | null;
                        };
                    };
                };
            };
        };
        /** Configure a channel: provider, sender, credentials (encrypted at rest, never returned); the same as PUT /api/v1/integrations/{channel}/{provider} */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    channel: "email" | "sms" | "voice";
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the fields GET /api/v1/integrations/providers lists for the provider; left out, the stored ones are kept */
                        credentials?: Record<string, unknown>;
                        enabled?: boolean;
                        /** @description the sender: an email address (email) or E.164 number (sms, voice); other kinds have none */
                        from?: string;
                        /**
                         * @description email: outbox, smtp, ses; sms and voice: outbox, twilio, telnyx
                         * @example outbox
                         */
                        provider: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            channel: "email" | "sms" | "voice";
                            configured: boolean;
                            /** @description secret fields masked */
                            credentials: {
                                [key: string]: unknown;
                            };
                            enabled: boolean;
                            from: string;
                            provider: string;
                            updated_at: string | null;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/channels/{channel}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a test message through the channel now and report what the provider answered */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    channel: "email" | "sms" | "voice";
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        to: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            last_error?: string | null;
                            provider?: string | null;
                            status: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/checklists": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's live checklists, by key */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items?: {
                                audience?: {
                                    roles?: string[];
                                    signup_modes?: string[];
                                };
                                /** @description PUT only: false when the body equalled the current version (nothing was written) */
                                changed?: boolean;
                                /** Format: date-time */
                                created_at?: string;
                                key?: string;
                                /** @enum {string} */
                                scope?: "user" | "organization";
                                tasks?: {
                                    description?: string | null;
                                    link?: string | null;
                                    position?: number;
                                    required?: boolean;
                                    rule?: {
                                        [key: string]: unknown;
                                    };
                                    slug?: string;
                                    title?: string;
                                }[];
                                title?: string;
                                /**
                                 * Format: date-time
                                 * @description when the current version was made
                                 */
                                updated_at?: string;
                                /** @description each change makes a new version; progress keeps pointing at tasks that exist */
                                version?: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/checklists/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A checklist: its current version, or the one asked for */
        get: {
            parameters: {
                query?: {
                    version?: number;
                };
                header?: never;
                path: {
                    /** @description a lowercase letter, then letters, digits and _; up to 64 */
                    key: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            audience?: {
                                roles?: string[];
                                signup_modes?: string[];
                            };
                            /** @description PUT only: false when the body equalled the current version (nothing was written) */
                            changed?: boolean;
                            /** Format: date-time */
                            created_at?: string;
                            key?: string;
                            /** @enum {string} */
                            scope?: "user" | "organization";
                            tasks?: {
                                description?: string | null;
                                link?: string | null;
                                position?: number;
                                required?: boolean;
                                rule?: {
                                    [key: string]: unknown;
                                };
                                slug?: string;
                                title?: string;
                            }[];
                            title?: string;
                            /**
                             * Format: date-time
                             * @description when the current version was made
                             */
                            updated_at?: string;
                            /** @description each change makes a new version; progress keeps pointing at tasks that exist */
                            version?: number;
                        };
                    };
                };
            };
        };
        /** Create a checklist, or give it a new version; it is evaluated at once over the data that exists */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a lowercase letter, then letters, digits and _; up to 64 */
                    key: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        audience?: {
                            /** @description application roles (the tenant's signup settings); absent or empty: everyone */
                            roles?: string[];
                            /** @description signup modes; absent or empty: every mode */
                            signup_modes?: string[];
                        };
                        /**
                         * @description user: each user progresses alone; organization: any member counts for the organisation
                         * @enum {string}
                         */
                        scope: "user" | "organization";
                        tasks: {
                            description?: string | null;
                            /** @description where the task is done in the tenant's product: a URL or a path */
                            link?: string | null;
                            /** @description order in the list; default the index */
                            position?: number;
                            /** @description default true; the checklist completes when every required task does */
                            required?: boolean;
                            /** @description How the task completes, from data: event (the subject had `count` such events), live_count (the subject has at least `min` live objects), property (a subject property equals a value), manual (completed by hand) */
                            rule: {
                                /** @description default 1 */
                                count?: number;
                                /** @description an event name, e.g. service.created */
                                event: string;
                                /** @enum {unknown} */
                                kind: "event";
                            } | {
                                /** @enum {unknown} */
                                kind: "live_count";
                                /** @description default 1 */
                                min?: number;
                                /** @description counted from <object>.created and <object>.deleted events */
                                object: string;
                            } | {
                                equals: string | number | boolean | null;
                                /** @enum {unknown} */
                                kind: "property";
                                property: string;
                            } | {
                                /** @enum {unknown} */
                                kind: "manual";
                            };
                            /** @description a task's slug: a lowercase letter, then letters, digits, _ and - */
                            slug: string;
                            title: string;
                        }[];
                        title: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            audience?: {
                                roles?: string[];
                                signup_modes?: string[];
                            };
                            /** @description PUT only: false when the body equalled the current version (nothing was written) */
                            changed?: boolean;
                            /** Format: date-time */
                            created_at?: string;
                            key?: string;
                            /** @enum {string} */
                            scope?: "user" | "organization";
                            tasks?: {
                                description?: string | null;
                                link?: string | null;
                                position?: number;
                                required?: boolean;
                                rule?: {
                                    [key: string]: unknown;
                                };
                                slug?: string;
                                title?: string;
                            }[];
                            title?: string;
                            /**
                             * Format: date-time
                             * @description when the current version was made
                             */
                            updated_at?: string;
                            /** @description each change makes a new version; progress keeps pointing at tasks that exist */
                            version?: number;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Delete a checklist: it applies to nobody from now on; versions and progress stay */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a lowercase letter, then letters, digits and _; up to 64 */
                    key: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/checklists/{key}/progress": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Everyone's progress through the checklist (users or organisations), oldest start first; page with cursor=<next_cursor> */
        get: {
            parameters: {
                query?: {
                    /** @description The `next_cursor` of the previous page; leave it out for the first page. Opaque; it works only with the list and filters it came from (else 400 invalid_cursor). */
                    cursor?: string;
                    limit?: number;
                    /** @description Deprecated: page with `cursor`. Rows to skip from the start; every skipped row is read, so deep offsets are slow. Not together with `cursor`. */
                    offset?: number;
                    status?: "complete" | "incomplete";
                    /** @description incomplete, with no progress for at least this many days */
                    stuck_days?: number;
                };
                header?: never;
                path: {
                    /** @description a lowercase letter, then letters, digits and _; up to 64 */
                    key: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            checklist?: {
                                key?: string;
                                scope?: string;
                                title?: string;
                                version?: number;
                            };
                            items: {
                                /** Format: date-time */
                                completed_at?: string | null;
                                /** Format: date-time */
                                dismissed_at?: string | null;
                                progress?: {
                                    done?: number;
                                    required?: number;
                                };
                                /** Format: date-time */
                                started_at?: string;
                                subject?: {
                                    /** Format: uuid */
                                    id?: string;
                                    label?: string | null;
                                    type?: string;
                                };
                                /** Format: date-time */
                                updated_at?: string;
                                version?: number;
                            }[];
                            limit: number;
                            /** @description pass as `cursor` for the next page; null on the last page */
                            next_cursor: string | null;
                            /** @description rows with these filters, counted up to 10,000 when the first page was read (later pages repeat it) */
                            total: number;
                            /** @description true when there are more than 10,000: total is then 10,000 */
                            total_capped: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/crm-settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What an approved contact becomes: its access role, and the app role and signup mode that decide its onboarding checklists (defaults until saved) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description the access role of a provisioned contact's user
                             * @enum {string}
                             */
                            access_role: "member" | "staff";
                            /** @description the application role its onboarding starts with; null: the signup mode’s role when self-assignable, else the default role */
                            app_role: string | null;
                            /** @description the signup mode its onboarding starts with; null: none */
                            signup_mode: string | null;
                            /** Format: date-time */
                            updated_at: string | null;
                        };
                    };
                };
            };
        };
        /** Replace what an approved contact becomes; the app role and signup mode must be the tenant's (signup settings) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description member or staff (a tenant admin is never made by an approval)
                         * @enum {string}
                         */
                        access_role: "member" | "staff";
                        /** @description a role of the signup settings; null: the signup mode’s role when self-assignable, else the default role */
                        app_role: string | null;
                        /** @description a mode of the signup settings; null: none */
                        signup_mode: string | null;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description the access role of a provisioned contact's user
                             * @enum {string}
                             */
                            access_role: "member" | "staff";
                            /** @description the application role its onboarding starts with; null: the signup mode’s role when self-assignable, else the default role */
                            app_role: string | null;
                            /** @description the signup mode its onboarding starts with; null: none */
                            signup_mode: string | null;
                            /** Format: date-time */
                            updated_at: string | null;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's dashboard: users, signups and messages by status of the last 7 days, onboarding completion per checklist, and what needs attention (failed messages, provisioning, runs and webhook deliveries) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attention: {
                                /** @description messages that failed or need attention (a channel to configure): each can be retried from its page */
                                failed_messages?: {
                                    /** @description how many, up to 1,000 */
                                    count: number;
                                    /** @description true when there are more than 1,000 */
                                    count_capped: boolean;
                                    /** @description the newest 5 */
                                    items: {
                                        bundle?: string;
                                        channel?: string;
                                        /** Format: date-time */
                                        created_at?: string;
                                        /** Format: uuid */
                                        id?: string;
                                        last_error?: string | null;
                                        recipient?: string;
                                        status?: string;
                                    }[];
                                };
                                /** @description hires whose provisioning run failed: retry the run from the hire's page */
                                failed_provisioning?: {
                                    /** @description how many, up to 1,000 */
                                    count: number;
                                    /** @description true when there are more than 1,000 */
                                    count_capped: boolean;
                                    /** @description the newest 5 */
                                    items: {
                                        first_name?: string;
                                        /** Format: uuid */
                                        id?: string;
                                        last_error?: string | null;
                                        last_name?: string;
                                        run_id?: string | null;
                                        /** Format: date-time */
                                        updated_at?: string;
                                    }[];
                                };
                                /** @description other runs (durable multi-step work) that failed; hires' provisioning runs are in failed_provisioning */
                                failed_runs?: {
                                    /** @description how many, up to 1,000 */
                                    count: number;
                                    /** @description true when there are more than 1,000 */
                                    count_capped: boolean;
                                    /** @description the newest 5 */
                                    items: {
                                        /** Format: uuid */
                                        id?: string;
                                        kind?: string;
                                        last_error?: string | null;
                                        subject_id?: string | null;
                                        subject_type?: string | null;
                                        /** Format: date-time */
                                        updated_at?: string;
                                    }[];
                                };
                                /** @description outbound webhook deliveries that used all their attempts */
                                failed_webhook_deliveries?: {
                                    /** @description how many, up to 1,000 */
                                    count: number;
                                    /** @description true when there are more than 1,000 */
                                    count_capped: boolean;
                                    /** @description the newest 5 */
                                    items: {
                                        /** Format: date-time */
                                        created_at?: string;
                                        /** Format: uuid */
                                        endpoint_id?: string;
                                        event_type?: string;
                                        id?: string;
                                        last_error?: string | null;
                                        last_status_code?: number | null;
                                    }[];
                                };
                            };
                            /** Format: date-time */
                            generated_at: string;
                            messages: {
                                /** @description messages created since `since`, by status */
                                by_status?: {
                                    cancelled?: number;
                                    delivered?: number;
                                    failed?: number;
                                    needs_attention?: number;
                                    queued?: number;
                                    sending?: number;
                                    sent?: number;
                                };
                                /** Format: date-time */
                                since?: string;
                            };
                            /** @description each current checklist: the subjects it applies to and how many completed it */
                            onboarding: {
                                completed?: number;
                                key?: string;
                                /** @enum {string} */
                                scope?: "user" | "organization";
                                /** @description completed / subjects; null when it applies to nobody yet */
                                share?: number | null;
                                subjects?: number;
                                title?: string;
                            }[];
                            /**
                             * Format: date-time
                             * @description the start (UTC midnight) of the first of the last 7 days, today included, that the recent counts cover
                             */
                            since: string;
                            users: {
                                signups_by_day?: {
                                    /** Format: date */
                                    day?: string;
                                    signups?: number;
                                }[];
                                /** @description users created since `since` */
                                signups_recent?: number;
                                total?: number;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's event log, newest first; page with cursor=<next_cursor> */
        get: {
            parameters: {
                query?: {
                    /** @description The `next_cursor` of the previous page; leave it out for the first page. Opaque; it works only with the list and filters it came from (else 400 invalid_cursor). */
                    cursor?: string;
                    limit?: number;
                    /** @description only events that occurred at or after this time */
                    since?: string;
                    subject_id?: string;
                    /** @description with subject_id: the events about one thing, e.g. subject_type=user */
                    subject_type?: string;
                    /** @description one event type (docs/events.md) */
                    type?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description {"kind": "system"}, or {"kind": "user" | "api_key" | "cli", "user_id"} */
                                actor: {
                                    [key: string]: unknown;
                                };
                                /** @description later events have larger ids */
                                id: number;
                                /** Format: date-time */
                                occurred_at: string;
                                /** @description the event's data, as its webhooks carry it in `data` */
                                payload: {
                                    [key: string]: unknown;
                                };
                                subject: {
                                    id: string;
                                    type: string;
                                };
                                type: string;
                            }[];
                            limit: number;
                            /** @description pass as `cursor` for the next page; null on the last page */
                            next_cursor: string | null;
                            /** @description rows with these filters, counted up to 10,000 when the first page was read (later pages repeat it) */
                            total: number;
                            /** @description true when there are more than 10,000: total is then 10,000 */
                            total_capped: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/hire-settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Which documents every hire signs, the corporate email domain and the welcome email's sign-in link */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            document_kinds?: {
                                key?: string;
                                label?: string;
                            }[];
                            email_domain?: string | null;
                            sign_in_url?: string | null;
                            updated_at?: string | null;
                        };
                    };
                };
            };
        };
        /** Replace the tenant's hire settings */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        document_kinds: {
                            /** @description a document kind key, e.g. w9 */
                            key: string;
                            label: string;
                        }[];
                        email_domain: string | null;
                        sign_in_url: string | null;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            document_kinds?: {
                                key?: string;
                                label?: string;
                            }[];
                            email_domain?: string | null;
                            sign_in_url?: string | null;
                            updated_at?: string | null;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/profile": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's business profile */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description #rrggbb, or null for the default */
                            accent_color: string | null;
                            /** @description black or white, whichever is more readable on accent_color (at least 4.5:1); null without one */
                            accent_text_color: string | null;
                            business_name: string | null;
                            email: string | null;
                            /** @description the logo uploaded with PUT /api/v1/tenant/profile/logo, or null */
                            logo: {
                                content_type: string;
                                size: number;
                                /** Format: date-time */
                                updated_at: string;
                                /** @description same-origin and public; changes with the image */
                                url: string;
                            } | null;
                            phone_number: string | null;
                            /** @description when someone last saved the profile; null until the first save */
                            updated_at: string | null;
                            website_url: string | null;
                        };
                    };
                };
            };
        };
        /** Replace the tenant's business profile (accent_color, when left out, stays as it is) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description The accent colour of its public pages, #rrggbb (400 accent_color_invalid otherwise); null for the default. Left out: unchanged.
                         * @example #2453d4
                         */
                        accent_color?: string | null;
                        business_name: string | null;
                        email: string | null;
                        phone_number: string | null;
                        website_url: string | null;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description #rrggbb, or null for the default */
                            accent_color: string | null;
                            /** @description black or white, whichever is more readable on accent_color (at least 4.5:1); null without one */
                            accent_text_color: string | null;
                            business_name: string | null;
                            email: string | null;
                            /** @description the logo uploaded with PUT /api/v1/tenant/profile/logo, or null */
                            logo: {
                                content_type: string;
                                size: number;
                                /** Format: date-time */
                                updated_at: string;
                                /** @description same-origin and public; changes with the image */
                                url: string;
                            } | null;
                            phone_number: string | null;
                            /** @description when someone last saved the profile; null until the first save */
                            updated_at: string | null;
                            website_url: string | null;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/profile/logo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Upload the tenant's logo: the image itself as the body, Content-Type image/png, image/jpeg or image/webp, at most 256 KiB (no SVG)
         * @description The bytes must be an image of the type the Content-Type names (400 logo_invalid otherwise); 415 logo_type_unsupported for another type; 413 logo_too_large. Answers the profile, with the logo's public URL.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description #rrggbb, or null for the default */
                            accent_color: string | null;
                            /** @description black or white, whichever is more readable on accent_color (at least 4.5:1); null without one */
                            accent_text_color: string | null;
                            business_name: string | null;
                            email: string | null;
                            /** @description the logo uploaded with PUT /api/v1/tenant/profile/logo, or null */
                            logo: {
                                content_type: string;
                                size: number;
                                /** Format: date-time */
                                updated_at: string;
                                /** @description same-origin and public; changes with the image */
                                url: string;
                            } | null;
                            phone_number: string | null;
                            /** @description when someone last saved the profile; null until the first save */
                            updated_at: string | null;
                            website_url: string | null;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Remove the tenant's logo (none to remove is no error); answers the profile */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description #rrggbb, or null for the default */
                            accent_color: string | null;
                            /** @description black or white, whichever is more readable on accent_color (at least 4.5:1); null without one */
                            accent_text_color: string | null;
                            business_name: string | null;
                            email: string | null;
                            /** @description the logo uploaded with PUT /api/v1/tenant/profile/logo, or null */
                            logo: {
                                content_type: string;
                                size: number;
                                /** Format: date-time */
                                updated_at: string;
                                /** @description same-origin and public; changes with the image */
                                url: string;
                            } | null;
                            phone_number: string | null;
                            /** @description when someone last saved the profile; null until the first save */
                            updated_at: string | null;
                            website_url: string | null;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's runs, newest first; page with cursor=<next_cursor> */
        get: {
            parameters: {
                query?: {
                    /** @description The `next_cursor` of the previous page; leave it out for the first page. Opaque; it works only with the list and filters it came from (else 400 invalid_cursor). */
                    cursor?: string;
                    /** @description A run kind */
                    kind?: string;
                    limit?: number;
                    /** @description Deprecated: page with `cursor`. Rows to skip from the start; every skipped row is read, so deep offsets are slow. Not together with `cursor`. */
                    offset?: number;
                    state?: "pending" | "running" | "succeeded" | "failed" | "cancelled";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description Attempts of all its steps */
                                attempts?: number;
                                /** Format: date-time */
                                created_at?: string;
                                created_by?: string | null;
                                /** @description The position of the step being (or last) worked on */
                                current_step?: number | null;
                                /** Format: date-time */
                                finished_at?: string | null;
                                id?: string;
                                /** @description The JSON the run was started with */
                                input?: unknown;
                                kind?: string;
                                last_error?: string | null;
                                /** @enum {string} */
                                state?: "pending" | "running" | "succeeded" | "failed" | "cancelled";
                                subject?: {
                                    id?: string;
                                    type?: string;
                                } | null;
                                /** Format: date-time */
                                updated_at?: string;
                            }[];
                            limit: number;
                            /** @description pass as `cursor` for the next page; null on the last page */
                            next_cursor: string | null;
                            /** @description rows with these filters, counted up to 10,000 when the first page was read (later pages repeat it) */
                            total: number;
                            /** @description true when there are more than 10,000: total is then 10,000 */
                            total_capped: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A run with its steps */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Attempts of all its steps */
                            attempts?: number;
                            /** Format: date-time */
                            created_at?: string;
                            created_by?: string | null;
                            /** @description The position of the step being (or last) worked on */
                            current_step?: number | null;
                            /** Format: date-time */
                            finished_at?: string | null;
                            id?: string;
                            /** @description The JSON the run was started with */
                            input?: unknown;
                            kind?: string;
                            last_error?: string | null;
                            /** @enum {string} */
                            state?: "pending" | "running" | "succeeded" | "failed" | "cancelled";
                            steps?: {
                                attempts?: number;
                                /** Format: date-time */
                                finished_at?: string | null;
                                last_error?: string | null;
                                max_attempts?: number;
                                name?: string;
                                position?: number;
                                /** @description What the step returned, once it succeeded */
                                result?: unknown;
                                /** Format: date-time */
                                started_at?: string | null;
                                /** @enum {string} */
                                state?: "pending" | "running" | "succeeded" | "failed" | "cancelled";
                            }[];
                            subject?: {
                                id?: string;
                                type?: string;
                            } | null;
                            /** Format: date-time */
                            updated_at?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/runs/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a run that has not finished: no further step starts (a step running now finishes) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description an empty JSON object: {} */
            requestBody: {
                content: {
                    "application/json": Record<string, unknown>;
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Attempts of all its steps */
                            attempts?: number;
                            /** Format: date-time */
                            created_at?: string;
                            created_by?: string | null;
                            /** @description The position of the step being (or last) worked on */
                            current_step?: number | null;
                            /** Format: date-time */
                            finished_at?: string | null;
                            id?: string;
                            /** @description The JSON the run was started with */
                            input?: unknown;
                            kind?: string;
                            last_error?: string | null;
                            /** @enum {string} */
                            state?: "pending" | "running" | "succeeded" | "failed" | "cancelled";
                            steps?: {
                                attempts?: number;
                                /** Format: date-time */
                                finished_at?: string | null;
                                last_error?: string | null;
                                max_attempts?: number;
                                name?: string;
                                position?: number;
                                /** @description What the step returned, once it succeeded */
                                result?: unknown;
                                /** Format: date-time */
                                started_at?: string | null;
                                /** @enum {string} */
                                state?: "pending" | "running" | "succeeded" | "failed" | "cancelled";
                            }[];
                            subject?: {
                                id?: string;
                                type?: string;
                            } | null;
                            /** Format: date-time */
                            updated_at?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/runs/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume a failed run at its failed step, with that step's attempts restored (steps that succeeded are not run again) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description an empty JSON object: {} */
            requestBody: {
                content: {
                    "application/json": Record<string, unknown>;
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Attempts of all its steps */
                            attempts?: number;
                            /** Format: date-time */
                            created_at?: string;
                            created_by?: string | null;
                            /** @description The position of the step being (or last) worked on */
                            current_step?: number | null;
                            /** Format: date-time */
                            finished_at?: string | null;
                            id?: string;
                            /** @description The JSON the run was started with */
                            input?: unknown;
                            kind?: string;
                            last_error?: string | null;
                            /** @enum {string} */
                            state?: "pending" | "running" | "succeeded" | "failed" | "cancelled";
                            steps?: {
                                attempts?: number;
                                /** Format: date-time */
                                finished_at?: string | null;
                                last_error?: string | null;
                                max_attempts?: number;
                                name?: string;
                                position?: number;
                                /** @description What the step returned, once it succeeded */
                                result?: unknown;
                                /** Format: date-time */
                                started_at?: string | null;
                                /** @enum {string} */
                                state?: "pending" | "running" | "succeeded" | "failed" | "cancelled";
                            }[];
                            subject?: {
                                id?: string;
                                type?: string;
                            } | null;
                            /** Format: date-time */
                            updated_at?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/signup-settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Signup modes, application roles and the first-contact policy (defaults until saved) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            contact_policy?: {
                                channels?: string[];
                            };
                            default_role?: string;
                            identity_webhook?: {
                                secret_created_at?: string | null;
                                secret_set?: boolean;
                                url_path?: string;
                            };
                            modes?: {
                                key?: string;
                                label?: string;
                                role?: string;
                                template_variant?: string;
                            }[];
                            roles?: {
                                key?: string;
                                label?: string;
                                self_assignable?: boolean;
                            }[];
                            self_signup_open?: boolean;
                            updated_at?: string | null;
                        };
                    };
                };
            };
        };
        /** Replace the signup settings */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        contact_policy: {
                            /** @description tried in order; the first that can reach the person is used; empty means no first contact */
                            channels: ("voice" | "sms" | "email")[];
                        };
                        /** @description the role of anyone whose signup mode does not grant one */
                        default_role: string;
                        modes: {
                            /** @description what signup metadata sends as signup_mode */
                            key: string;
                            label: string;
                            /** @description the application role this mode asks for; granted only when that role is self-assignable */
                            role: string;
                            /** @description the template variant of the first contact; '' is the default wording; absent means the mode's key */
                            template_variant?: string;
                        }[];
                        roles: {
                            /** @description an application role (talent, hirer…), not an access role */
                            key: string;
                            label: string;
                            /**
                             * @description whether a signup mode may grant it
                             * @default false
                             */
                            self_assignable?: boolean;
                        }[];
                        self_signup_open: boolean;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            contact_policy?: {
                                channels?: string[];
                            };
                            default_role?: string;
                            identity_webhook?: {
                                secret_created_at?: string | null;
                                secret_set?: boolean;
                                url_path?: string;
                            };
                            modes?: {
                                key?: string;
                                label?: string;
                                role?: string;
                                template_variant?: string;
                            }[];
                            roles?: {
                                key?: string;
                                label?: string;
                                self_assignable?: boolean;
                            }[];
                            self_signup_open?: boolean;
                            updated_at?: string | null;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/signup-settings/identity-webhook-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Generate the identity provider's webhook signing secret (shown in this response only; replaces the previous one) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            created_at?: string;
                            /** @description whsec_…: shown in this response only; configure it at the identity provider */
                            secret?: string;
                            url_path?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The bundles this tenant can use: every global one and its own */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items?: {
                                bundle?: string;
                                has_global_sections?: boolean;
                                has_tenant_sections?: boolean;
                                locales?: string[];
                                /** @description the variables templates of this bundle may use */
                                variables?: string[];
                                variants?: string[];
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/templates/{bundle}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's own sections of a bundle (its overrides of the global ones), and the global sections beside them */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description lower_snake_case, starting with a letter, at most 64 characters, e.g. welcome_email */
                    bundle: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            bundle?: string;
                            /** @description the global sections of the bundle, every locale and variant; a tenant section of the same key, locale and variant wins over one */
                            global_sections?: {
                                content?: string;
                                locale?: string;
                                position?: number;
                                section_key?: string;
                                /** Format: date-time */
                                updated_at?: string;
                                variant?: string;
                            }[];
                            sections?: {
                                content?: string;
                                locale?: string;
                                position?: number;
                                section_key?: string;
                                /** Format: date-time */
                                updated_at?: string;
                                variant?: string;
                            }[];
                            /** @description the variables templates of this bundle may use */
                            variables?: string[];
                        };
                    };
                };
            };
        };
        /** Replace the tenant's sections of a bundle; an empty list reverts to the global bundle */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description lower_snake_case, starting with a letter, at most 64 characters, e.g. welcome_email */
                    bundle: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        sections: {
                            /** @description text with {{ variable }} placeholders; '' removes the section of the same key from the layer below */
                            content: string;
                            /**
                             * @description language, optionally with region: en, es, pt-BR
                             * @default en
                             */
                            locale?: string;
                            position: number;
                            /** @description lower_snake_case; "subject" is the subject line of an email */
                            section_key: string;
                            /**
                             * @description '' for the default; a named variant such as a signup mode (talent, hirer)
                             * @default
                             */
                            variant?: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            bundle?: string;
                            /** @description the global sections of the bundle, every locale and variant; a tenant section of the same key, locale and variant wins over one */
                            global_sections?: {
                                content?: string;
                                locale?: string;
                                position?: number;
                                section_key?: string;
                                /** Format: date-time */
                                updated_at?: string;
                                variant?: string;
                            }[];
                            sections?: {
                                content?: string;
                                locale?: string;
                                position?: number;
                                section_key?: string;
                                /** Format: date-time */
                                updated_at?: string;
                                variant?: string;
                            }[];
                            /** @description the variables templates of this bundle may use */
                            variables?: string[];
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/templates/{bundle}/composed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The bundle as it is sent: global sections overlaid by the tenant sections, for a locale and variant */
        get: {
            parameters: {
                query?: {
                    /** @description language, optionally with region: en, es, pt-BR */
                    locale?: string;
                    /** @description '' for the default; a named variant such as a signup mode (talent, hirer) */
                    variant?: string;
                };
                header?: never;
                path: {
                    /** @description lower_snake_case, starting with a letter, at most 64 characters, e.g. welcome_email */
                    bundle: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            bundle?: string;
                            locale?: string;
                            sections?: {
                                content?: string;
                                locale?: string;
                                position?: number;
                                section_key?: string;
                                /** @enum {string} */
                                source?: "global" | "tenant";
                                variant?: string;
                            }[];
                            /** @description the tenant's own variables, used wherever the sender gives no value: business_name (the profile's, else the tenant's name), tenant_name, login_url (the tenant's sign-in page) and support_email (the profile's email, null without one) */
                            tenant_variables?: {
                                business_name?: string;
                                login_url?: string;
                                support_email?: string | null;
                                tenant_name?: string;
                            } | null;
                            variant?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/templates/{bundle}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Render the composed bundle with sample variables, for text, HTML, TwiML or SMS; sends nothing */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description lower_snake_case, starting with a letter, at most 64 characters, e.g. welcome_email */
                    bundle: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description language, optionally with region: en, es, pt-BR */
                        locale?: string;
                        /** @description unsaved tenant sections of this locale and variant, previewed in place of the saved ones (checked as a save would check them); nothing is stored */
                        sections?: {
                            /** @description text with {{ variable }} placeholders; '' removes the section of the same key from the layer below */
                            content: string;
                            position: number;
                            /** @description lower_snake_case; "subject" is the subject line of an email */
                            section_key: string;
                        }[];
                        /**
                         * @default text
                         * @enum {string}
                         */
                        target?: "text" | "html" | "twiml" | "sms";
                        /** @description values are strings or numbers; anything else is refused with 422 template_variable_invalid. The tenant's own variables (business_name, tenant_name, login_url, support_email) fill in those not given */
                        variables: Record<string, unknown>;
                        /** @description '' for the default; a named variant such as a signup mode (talent, hirer) */
                        variant?: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            bundle?: string;
                            locale?: string;
                            /** @description the rendered body for the target: plain text, HTML, a TwiML document or the SMS text */
                            output?: string;
                            subject?: string | null;
                            target?: string;
                            /** @description the tenant's own variables, used wherever the sender gives no value: business_name (the profile's, else the tenant's name), tenant_name, login_url (the tenant's sign-in page) and support_email (the profile's email, null without one) */
                            tenant_variables?: {
                                business_name?: string;
                                login_url?: string;
                                support_email?: string | null;
                                tenant_name?: string;
                            } | null;
                            variant?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's endpoints (never their secrets) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items?: {
                                /** Format: date-time */
                                created_at: string;
                                description: string;
                                disabled_reason: string | null;
                                enabled: boolean;
                                event_types: string[];
                                /** Format: uuid */
                                id: string;
                                /** Format: date-time */
                                updated_at?: string;
                                url: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Register an endpoint; its whsec_ signing secret is in this response only
         * @description Deliveries are signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature). The URL must be https; http is accepted only for localhost and 127.0.0.1, for local development.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        /** @default true */
                        enabled?: boolean;
                        /** @description Event types to receive (GET /api/v1/tenant/webhooks/event-types lists them); empty or absent: all of them */
                        event_types?: string[];
                        /**
                         * Format: uri
                         * @description Where deliveries are POSTed. https; http only for localhost and 127.0.0.1, for local development
                         */
                        url: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            created_at: string;
                            description: string;
                            disabled_reason: string | null;
                            enabled: boolean;
                            event_types: string[];
                            /** Format: uuid */
                            id: string;
                            /** @description whsec_… signing secret: shown in this response only, keep it */
                            secret: string;
                            /** Format: date-time */
                            updated_at?: string;
                            url: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An endpoint (never its secret) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            created_at: string;
                            description: string;
                            disabled_reason: string | null;
                            enabled: boolean;
                            event_types: string[];
                            /** Format: uuid */
                            id: string;
                            /** Format: date-time */
                            updated_at?: string;
                            url: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete an endpoint (deleting it again also answers 204); its pending deliveries are cancelled */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /** Change the URL, description or event types, or disable or re-enable an endpoint */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        /** @description true re-enables an endpoint disabled after a 410, and clears disabled_reason */
                        enabled?: boolean;
                        /** @description Event types to receive (GET /api/v1/tenant/webhooks/event-types lists them); empty or absent: all of them */
                        event_types?: string[];
                        /**
                         * Format: uri
                         * @description Where deliveries are POSTed. https; http only for localhost and 127.0.0.1, for local development
                         */
                        url?: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            created_at: string;
                            description: string;
                            disabled_reason: string | null;
                            enabled: boolean;
                            event_types: string[];
                            /** Format: uuid */
                            id: string;
                            /** Format: date-time */
                            updated_at?: string;
                            url: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/tenant/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The endpoint's deliveries, newest first; page with cursor=<next_cursor> */
        get: {
            parameters: {
                query?: {
                    /** @description The `next_cursor` of the previous page; leave it out for the first page. Opaque; it works only with the list and filters it came from (else 400 invalid_cursor). */
                    cursor?: string;
                    limit?: number;
                    /** @description Deprecated: page with `cursor`. Rows to skip from the start; every skipped row is read, so deep offsets are slow. Not together with `cursor`. */
                    offset?: number;
                    status?: "pending" | "delivering" | "succeeded" | "failed" | "cancelled";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                attempts: number;
                                /** Format: date-time */
                                created_at: string;
                                delivered_at?: string | null;
                                /** Format: uuid */
                                endpoint_id: string;
                                /** @description The event of GET /api/v1/tenant/events this delivery carries; null for webhook.test */
                                event_id?: number | null;
                                event_type: string;
                                id: string;
                                last_error?: string | null;
                                /** @description The first 2 KB of the last answer */
                                last_response_body?: string | null;
                                last_status_code?: number | null;
                                next_attempt_at?: string | null;
                                /** @description The body as sent: {"type", "timestamp", "data"} */
                                payload?: {
                                    [key: string]: unknown;
                                };
                                /** @enum {string} */
                                status: "pending" | "delivering" | "succeeded" | "failed" | "cancelled";
                            }[];
                            limit: number;
                            /** @description pass as `cursor` for the next page; null on the last page */
                            next_cursor: string | null;
                            /** @description rows with these filters, counted up to 10,000 when the first page was read (later pages repeat it) */
                            total: number;
                            /** @description true when there are more than 10,000: total is then 10,000 */
                            total_capped: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/webhooks/{id}/deliveries/{deliveryId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A delivery with every attempt made to send it */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The delivery id, sent as the webhook-id header */
                    deliveryId: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempt_log?: {
                                attempt?: number;
                                /** Format: date-time */
                                attempted_at?: string;
                                duration_ms?: number;
                                error?: string | null;
                                response_body?: string | null;
                                status_code?: number | null;
                            }[];
                            attempts: number;
                            /** Format: date-time */
                            created_at: string;
                            delivered_at?: string | null;
                            /** Format: uuid */
                            endpoint_id: string;
                            /** @description The event of GET /api/v1/tenant/events this delivery carries; null for webhook.test */
                            event_id?: number | null;
                            event_type: string;
                            id: string;
                            last_error?: string | null;
                            /** @description The first 2 KB of the last answer */
                            last_response_body?: string | null;
                            last_status_code?: number | null;
                            next_attempt_at?: string | null;
                            /** @description The body as sent: {"type", "timestamp", "data"} */
                            payload?: {
                                [key: string]: unknown;
                            };
                            /** @enum {string} */
                            status: "pending" | "delivering" | "succeeded" | "failed" | "cancelled";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/webhooks/{id}/deliveries/{deliveryId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a failed, cancelled or waiting delivery again now, with a fresh round of attempts */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The delivery id, sent as the webhook-id header */
                    deliveryId: string;
                    id: string;
                };
                cookie?: never;
            };
            /** @description an empty JSON object: {} */
            requestBody: {
                content: {
                    "application/json": Record<string, unknown>;
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts: number;
                            /** Format: date-time */
                            created_at: string;
                            delivered_at?: string | null;
                            /** Format: uuid */
                            endpoint_id: string;
                            /** @description The event of GET /api/v1/tenant/events this delivery carries; null for webhook.test */
                            event_id?: number | null;
                            event_type: string;
                            id: string;
                            last_error?: string | null;
                            /** @description The first 2 KB of the last answer */
                            last_response_body?: string | null;
                            last_status_code?: number | null;
                            next_attempt_at?: string | null;
                            /** @description The body as sent: {"type", "timestamp", "data"} */
                            payload?: {
                                [key: string]: unknown;
                            };
                            /** @enum {string} */
                            status: "pending" | "delivering" | "succeeded" | "failed" | "cancelled";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/webhooks/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replace the signing secret; the new one is in this response only
         * @description For 24 hours deliveries carry a signature by the old secret too, so the receiver can switch without losing any.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description an empty JSON object: {} */
            requestBody: {
                content: {
                    "application/json": Record<string, unknown>;
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            created_at: string;
                            description: string;
                            disabled_reason: string | null;
                            enabled: boolean;
                            event_types: string[];
                            /** Format: uuid */
                            id: string;
                            /** @description whsec_… signing secret: shown in this response only, keep it */
                            secret: string;
                            /** Format: date-time */
                            updated_at?: string;
                            url: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue a webhook.test delivery to this endpoint only */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description an empty JSON object: {} */
            requestBody: {
                content: {
                    "application/json": Record<string, unknown>;
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts: number;
                            /** Format: date-time */
                            created_at: string;
                            delivered_at?: string | null;
                            /** Format: uuid */
                            endpoint_id: string;
                            /** @description The event of GET /api/v1/tenant/events this delivery carries; null for webhook.test */
                            event_id?: number | null;
                            event_type: string;
                            id: string;
                            last_error?: string | null;
                            /** @description The first 2 KB of the last answer */
                            last_response_body?: string | null;
                            last_status_code?: number | null;
                            next_attempt_at?: string | null;
                            /** @description The body as sent: {"type", "timestamp", "data"} */
                            payload?: {
                                [key: string]: unknown;
                            };
                            /** @enum {string} */
                            status: "pending" | "delivering" | "succeeded" | "failed" | "cancelled";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/webhooks/event-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The event types an endpoint can subscribe to */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items?: {
                                description?: string;
                                type?: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/by-subdomain/{subdomain}/logo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An active tenant's logo (PNG, JPEG or WebP), for its public pages; ETag and If-None-Match; 404 logo_not_found without one */
        get: {
            parameters: {
                query?: {
                    /** @description the version logo_url carries; any other value is served too, cached for a short time */
                    v?: string;
                };
                header?: never;
                path: {
                    /** @description DNS label: lower-case letters, digits and inner hyphens */
                    subdomain: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description the image, with its own Content-Type */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description If-None-Match named the current ETag */
                304: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/by-subdomain/{subdomain}/public": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An active tenant's name, subdomain and branding (business name, accent colour, logo URL), for its sign-in, signup and password pages; 404 tenant_not_found for an unknown or inactive one */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description DNS label: lower-case letters, digits and inner hyphens */
                    subdomain: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the colour of its primary buttons, #rrggbb; null for the default */
                            accent_color: string | null;
                            /** @description black or white: the readable text colour on accent_color */
                            accent_text_color: string | null;
                            /** @description the business name of its profile; pages show it, else name */
                            business_name: string | null;
                            /** @description same-origin URL of its logo, or null */
                            logo_url: string | null;
                            name: string;
                            subdomain: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the tenant's users, oldest first; page with cursor=<next_cursor> */
        get: {
            parameters: {
                query?: {
                    /** @description The `next_cursor` of the previous page; leave it out for the first page. Opaque; it works only with the list and filters it came from (else 400 invalid_cursor). */
                    cursor?: string;
                    email?: string;
                    limit?: number;
                    /** @description Deprecated: page with `cursor`. Rows to skip from the start; every skipped row is read, so deep offsets are slow. Not together with `cursor`. */
                    offset?: number;
                    role?: "member" | "staff" | "tenant_admin";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                created_at?: string;
                                disabled?: boolean;
                                email?: string | null;
                                /** Format: uuid */
                                id?: string;
                                last_login_at?: string | null;
                                must_change_password?: boolean;
                                /** @description false for an account without a password yet (invited, or made by an identity provider) */
                                password_set?: boolean;
                                phone?: string | null;
                                role?: string;
                                tenant_id?: string | null;
                            }[];
                            limit: number;
                            /** @description pass as `cursor` for the next page; null on the last page */
                            next_cursor: string | null;
                            /** @description rows with these filters, counted up to 10,000 when the first page was read (later pages repeat it) */
                            total: number;
                            /** @description true when there are more than 10,000: total is then 10,000 */
                            total_capped: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a user in the tenant; without a password, an invitation link to choose one goes to their email */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        /** @description 12–256 characters */
                        password?: string;
                        /** @enum {string} */
                        role: "member" | "staff" | "tenant_admin";
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            created_at?: string;
                            disabled?: boolean;
                            email?: string | null;
                            /** Format: uuid */
                            id?: string;
                            /** @description The link sent (never the link itself): its kind, the message that carries it, and when it expires */
                            invitation?: {
                                channel?: string;
                                /** Format: date-time */
                                expires_at?: string;
                                /** @enum {string} */
                                kind?: "invitation" | "reset";
                                /** Format: uuid */
                                message_id?: string;
                            };
                            last_login_at?: string | null;
                            must_change_password?: boolean;
                            /** @description false for an account without a password yet (invited, or made by an identity provider) */
                            password_set?: boolean;
                            phone?: string | null;
                            role?: string;
                            tenant_id?: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a user, with their app role, signup mode and organisation */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the application role their signup gave them (the tenant's signup settings); null for none */
                            app_role?: string | null;
                            /** Format: date-time */
                            created_at?: string;
                            disabled?: boolean;
                            email?: string | null;
                            /** Format: uuid */
                            id?: string;
                            last_login_at?: string | null;
                            must_change_password?: boolean;
                            /** @description the organisation they belong to (PUT /api/v1/organizations/:id/members/:user_id moves them), or null */
                            organization?: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                                /** @enum {string} */
                                role: "owner" | "admin" | "member";
                            } | null;
                            /** @description false for an account without a password yet (invited, or made by an identity provider) */
                            password_set?: boolean;
                            phone?: string | null;
                            role?: string;
                            /** @description the signup mode they signed up with; null for none */
                            signup_mode?: string | null;
                            tenant_id?: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a user's role, or disable/enable them (disabling ends their sessions) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        disabled?: boolean;
                        /** @enum {string} */
                        role?: "member" | "staff" | "tenant_admin";
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            created_at?: string;
                            disabled?: boolean;
                            email?: string | null;
                            /** Format: uuid */
                            id?: string;
                            last_login_at?: string | null;
                            must_change_password?: boolean;
                            /** @description false for an account without a password yet (invited, or made by an identity provider) */
                            password_set?: boolean;
                            phone?: string | null;
                            role?: string;
                            tenant_id?: string | null;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/users/{id}/invite": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send the user a link to choose their password: an invitation while they have never signed in, else a reset link
         * @description The link goes to their own email (SMS for phone-only users) and replaces any earlier one; the outbox shows it masked.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description The link sent (never the link itself): its kind, the message that carries it, and when it expires */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            channel?: string;
                            /** Format: date-time */
                            expires_at?: string;
                            /** @enum {string} */
                            kind?: "invitation" | "reset";
                            /** Format: uuid */
                            message_id?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The user's sessions that still work, newest first: when each began, until when, from which browser and address */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items?: {
                                /** Format: date-time */
                                created_at?: string;
                                /** @description the session this request was made with */
                                current?: boolean;
                                /** Format: date-time */
                                expires_at?: string;
                                /** Format: uuid */
                                id?: string;
                                ip?: string | null;
                                user_agent?: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Sign the user out everywhere: every session and refresh token ends now (your own current session is kept) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description how many sessions ended */
                            ended?: number;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/voice/enqueue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue an onboarding call to a user's phone now (tenant admins and global admins only) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        user_id: string;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts?: number;
                            bundle?: string;
                            channel?: string;
                            content?: string | null;
                            /** Format: uuid */
                            id?: string;
                            last_error?: string | null;
                            provider?: string | null;
                            provider_message_id?: string | null;
                            recipient?: string;
                            /** @description the outbox masked secrets here, and a global admin may reveal them (development switch) */
                            revealable?: boolean;
                            status?: string;
                            subject?: string | null;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/voice/onboarding/gather": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Records the caller's answer (Digits / SpeechResult) on the call's message */
        post: {
            parameters: {
                query: {
                    message_id: string;
                    tenant_id: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/voice/onboarding/intro": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** TwiML for an onboarding call, from the tenant’s composed onboarding_call_script (Twilio-signed requests only) */
        get: {
            parameters: {
                query: {
                    message_id: string;
                    tenant_id: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        /** TwiML for an onboarding call, from the tenant’s composed onboarding_call_script (Twilio-signed requests only) */
        post: {
            parameters: {
                query: {
                    message_id: string;
                    tenant_id: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/voice/onboarding/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Call status: Twilio callbacks (applied in SequenceNumber order, duplicates ignored) and Telnyx Call Control events (answered → speak the script) */
        post: {
            parameters: {
                query: {
                    message_id: string;
                    tenant_id: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/voice/process-jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Deprecated alias of POST /api/v1/messages/dispatch-due
         * @deprecated
         * @description Each message is sent once: one a worker is already sending is left to it, and reported as it stands.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default 20 */
                        limit?: number;
                    };
                };
            };
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            messages?: ({
                                attempts?: number;
                                bundle?: string;
                                channel?: string;
                                content?: string | null;
                                /** Format: uuid */
                                id?: string;
                                last_error?: string | null;
                                provider?: string | null;
                                provider_message_id?: string | null;
                                recipient?: string;
                                /** @description the outbox masked secrets here, and a global admin may reveal them (development switch) */
                                revealable?: boolean;
                                status?: string;
                                subject?: string | null;
                            } & {
                                [key: string]: unknown;
                            })[];
                            processed?: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/email/gmail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Gmail push notifications (Pub/Sub push), verified by their Google OIDC token (refused while EMBARK_GMAIL_PUSH_AUDIENCE is unset): routed by emailAddress to the tenant whose email channel sends from that mailbox */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/esign/docusign/{tenant}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** DocuSign Connect events (JSON SIM, HMAC-signed with the tenant's Connect keys) for the tenant's hires' documents */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description the tenant's subdomain */
                    tenant: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/esign/dropbox-sign/{tenant}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Dropbox Sign callbacks (event_hash with the tenant's API key) for the tenant's hires' documents; answered with the text Dropbox Sign expects */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description the tenant's subdomain */
                    tenant: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/identity/{tenant}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An identity provider's user.created event (Standard Webhooks, signed with the tenant's identity webhook secret) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description the tenant's subdomain */
                    tenant: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document; `code` is stable (see docs/errors.md) */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail: string;
                            request_id?: string;
                            status: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            outcome?: "created" | "identity_exists" | "duplicate" | "ignored";
                            user_id?: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/sms/telnyx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Inbound SMS from Telnyx (message.received), Ed25519-verified with the owning tenant’s public key */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/sms/twilio": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Inbound SMS from Twilio: routed to the one tenant whose enabled SMS channel owns the To number */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/sms/twilio/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Twilio message status callbacks for messages Embark sent (tenant and message named in the URL) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
